import { readFileSync } from "node:fs";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SsoSettings } from "../../src/domain/account.js";
import { postToAcs, startSsoLogin } from "../helpers/sso-flow.js";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { csrfFrom, formAction, inputValue } from "../unit/idp-simulator/simulator-harness.js";

/**
 * The checklist test of issue 10: for every value the settings form accepts with a warning, and
 * every missing setting, the setup checklist says "ready" exactly when a sign-in through the
 * Entra simulator succeeds (the demo MiCloud account, wired to the simulator's app).
 */
const TOKEN = "test-admin-token-0123456789abcdef";
const ACCOUNT = "contoso-micloud";
const EXPIRED_CERT = readFileSync(
  new URL("../fixtures/certificates/expired-certificate.pem", import.meta.url),
  "utf8",
);

let rt: TestRuntime;
let wired: SsoSettings;
beforeAll(async () => {
  rt = await createTestRuntime({ simulator: true, seeds: ["config/seeds/demo-accounts.yaml"] });
  wired = (await rt.ctx.accounts.require(ACCOUNT)).sso;
});
afterAll(() => rt?.dispose());

async function ready(): Promise<boolean> {
  const res = await request(rt.app)
    .get(`/api/v1/accounts/${ACCOUNT}`)
    .set("Authorization", `Bearer ${TOKEN}`);
  expect(res.status).toBe(200);
  return (res.body as { checklist: { ready: boolean } }).checklist.ready;
}

/** SP-initiated sign-in of B.Simon through the simulator, as a browser does it; true when she lands. */
async function signInSucceeds(): Promise<boolean> {
  const agent = request.agent(rt.app);
  let login: Awaited<ReturnType<typeof startSsoLogin>>;
  try {
    login = await startSsoLogin(rt.app, `/micloud/portal?account=${ACCOUNT}`, agent);
  } catch {
    return false; // The sign-on URL refused to start SSO (disabled, incomplete).
  }
  const to = new URL(login.res.headers.location as string);
  if (to.origin !== new URL(rt.ctx.config.simulator.publicUrl ?? "http://127.0.0.1:3999").origin)
    return false; // Not a sign-in endpoint.
  const page = await agent.get(`${to.pathname}${to.search}`);
  if (page.status !== 200 || inputValue(page.text, "pending") === undefined) return false; // An Entra error.
  const signedIn = await agent
    .post(`${to.pathname}/sign-in`)
    .type("form")
    .send({
      _csrf: csrfFrom(page.text),
      pending: inputValue(page.text, "pending") ?? "",
      pick: "B.Simon@contoso.com",
    });
  const samlResponse = inputValue(signedIn.text, "SAMLResponse");
  const action = formAction(signedIn.text, "data-auto-submit");
  if (!samlResponse || !action) return false;
  const acs = await postToAcs(agent, new URL(action).pathname, samlResponse, {
    binding: login.binding,
    relayState: inputValue(signedIn.text, "RelayState") ?? null,
    accept: "application/json",
  });
  return acs.status === 303;
}

const tenantOf = (entityId: string) => /sts\.windows\.net\/([^/]+)\//.exec(entityId)?.[1] ?? "";

const VARIANTS: Array<[string, (sso: SsoSettings) => Partial<SsoSettings>]> = [
  ["as wired (control)", () => ({})],
  ["Entity ID without its trailing slash", (s) => ({ idpEntityId: s.idpEntityId.replace(/\/$/, "") })],
  ["Entity ID with two trailing slashes", (s) => ({ idpEntityId: `${s.idpEntityId}/` })],
  [
    "Entity ID as the v2.0 issuer",
    (s) => ({ idpEntityId: `https://login.microsoftonline.com/${tenantOf(s.idpEntityId)}/v2.0` }),
  ],
  [
    "Entity ID of another tenant",
    () => ({ idpEntityId: "https://sts.windows.net/11111111-2222-3333-4444-555555555555/" }),
  ],
  ["the Login URL pasted as Entity ID", (s) => ({ idpEntityId: s.idpSignInUrl })],
  ["the Entity ID pasted as Sign-in URL", (s) => ({ idpSignInUrl: s.idpEntityId })],
  ["no Sign-in URL", () => ({ idpSignInUrl: "" })],
  ["no Entity ID", () => ({ idpEntityId: "" })],
  ["no certificate", () => ({ idpCertificates: [] })],
  ["only an expired certificate", () => ({ idpCertificates: [EXPIRED_CERT] })],
  ["SSO not enabled", () => ({ enabled: false })],
];

describe("checklist ready ⇔ a sign-in through the simulator succeeds (issue 10)", () => {
  it.each(VARIANTS)("%s", async (_name, change) => {
    await rt.ctx.accounts.update(ACCOUNT, { sso: { ...wired, ...change(wired) } });
    try {
      const isReady = await ready();
      const succeeded = await signInSucceeds();
      expect({ ready: isReady }).toEqual({ ready: succeeded });
    } finally {
      await rt.ctx.accounts.update(ACCOUNT, { sso: wired });
    }
  });

  it("the control case really signs in (the test can fail)", async () => {
    expect(await ready()).toBe(true);
    expect(await signInSucceeds()).toBe(true);
  });
});
