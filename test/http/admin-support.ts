import type { Express } from "express";
import request from "supertest";

/** Shared by the admin HTTP tests: an operator-signed-in agent and CSRF tokens read from pages. */
export const OPERATOR_PASSWORD = "operator-password-1";

export type Agent = ReturnType<typeof request.agent>;

export function csrfFrom(html: string): string {
  const token = html.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!token) throw new Error(`no _csrf in page: ${html.slice(0, 300)}`);
  return token;
}

/** A browser-like agent signed in as the operator. */
export async function operatorAgent(app: Express): Promise<Agent> {
  const agent = request.agent(app);
  const page = await agent.get("/admin/sign-in");
  const res = await agent
    .post("/admin/sign-in")
    .type("form")
    .send({ _csrf: csrfFrom(page.text), password: OPERATOR_PASSWORD, next: "/admin/accounts" });
  if (res.status !== 303) throw new Error(`operator sign-in failed: ${res.status} ${res.text.slice(0, 300)}`);
  return agent;
}

/** Posts a form the way the page would: fetches `pagePath` for a fresh token first. */
export async function postForm(
  agent: Agent,
  pagePath: string,
  action: string,
  fields: Record<string, string>,
) {
  const page = await agent.get(pagePath);
  return agent
    .post(action)
    .type("form")
    .redirects(0)
    .send({ _csrf: csrfFrom(page.text), ...fields });
}

/** Text of the page with tags removed and entities decoded enough to search messages in. */
export function pageText(html: string): string {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&gt;/g, ">")
    .replace(/&lt;/g, "<")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}
