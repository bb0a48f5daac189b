import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestRuntime, type TestRuntime } from "../helpers/test-runtime.js";
import { type Agent, operatorAgent, pageText, postForm } from "./admin-support.js";

const XSS = "<script>alert(1)</script>";

describe("admin: MiCloud Connect users", () => {
  let rt: TestRuntime;
  let agent: Agent;
  const USERS = "/admin/accounts/mic/users";
  beforeAll(async () => {
    rt = await createTestRuntime();
    agent = await operatorAgent(rt.app);
    await rt.ctx.accounts.create({ id: "mic", platform: "micloud", displayName: "Mic" });
  });
  afterAll(() => rt.dispose());

  const add = (fields: Record<string, string>) => postForm(agent, `${USERS}/new`, USERS, fields);
  const userId = async (email: string) =>
    (await rt.ctx.directory.search({ accountId: "mic", query: email }))[0]?.id ?? "";

  it("adds a user whose Username defaults to the Business Email Address; not activated until activated", async () => {
    const form = await agent.get(`${USERS}/new`);
    const text = pageText(form.text);
    expect(text).toContain("Name");
    expect(text).toContain("Business Email Address");
    expect(text).toContain("Username");
    const res = await add({ name: "Britta Simon", email: "B.Simon@contoso.com", username: "" });
    expect(res.status).toBe(303);
    const id = await userId("B.Simon@contoso.com");
    expect(res.headers.location).toBe(`${USERS}/${id}`);
    const user = await rt.ctx.directory.get("mic", id);
    expect(user).toMatchObject({ username: "B.Simon@contoso.com", status: "pending" });
    const page = await agent.get(`${USERS}/${id}`);
    expect(pageText(page.text)).toContain("Britta Simon added. Activate the user before signing in.");
    expect(pageText(page.text)).toContain("Not activated");
  });

  it.each([
    [{ name: "", email: "x@contoso.com" }, 400, "Name is required."],
    [
      { name: "X", email: "not-an-email" },
      400,
      "Business Email Address: enter an email address such as B.Simon@contoso.com.",
    ],
    [{ name: "X", email: "x@contoso.com", username: "has space" }, 400, "Username cannot contain spaces."],
    [{ name: "Again", email: "b.simon@CONTOSO.com" }, 409, "Another user of this account has that Username."],
  ])("refuses %j with a message next to the field", async (fields, status, message) => {
    const res = await add(fields);
    expect(res.status).toBe(status);
    expect(pageText(res.text)).toContain(message);
    expect(res.text).toContain('aria-invalid="true"');
  });

  it("activates and deactivates, from the list and from the user's page", async () => {
    const id = await userId("B.Simon@contoso.com");
    const fromList = await postForm(agent, USERS, `${USERS}/${id}/status`, {
      status: "active",
      back: "list",
    });
    expect(fromList.status).toBe(303);
    expect(fromList.headers.location).toBe(USERS);
    expect((await rt.ctx.directory.get("mic", id))?.status).toBe("active");
    const off = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}/status`, { status: "disabled" });
    expect(off.headers.location).toBe(`${USERS}/${id}`);
    expect((await rt.ctx.directory.get("mic", id))?.status).toBe("disabled");
    expect(pageText((await agent.get(`${USERS}/${id}`)).text)).toContain("Britta Simon is now deactivated.");
    const bad = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}/status`, { status: "superuser" });
    expect(bad.status).toBe(400);
    await postForm(agent, USERS, `${USERS}/${id}/status`, { status: "active", back: "list" });
  });

  it("edits a user and refuses a bad edit", async () => {
    const id = await userId("B.Simon@contoso.com");
    const res = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}`, {
      name: "Britta S.",
      email: "B.Simon@contoso.com",
      username: "B.Simon@contoso.com",
    });
    expect(res.status).toBe(303);
    expect((await rt.ctx.directory.get("mic", id))?.name).toBe("Britta S.");
    const bad = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}`, {
      name: "",
      email: "B.Simon@contoso.com",
    });
    expect(bad.status).toBe(400);
    expect(pageText(bad.text)).toContain("Name is required.");
  });

  it("sets and clears a password; a short one is refused", async () => {
    const id = await userId("B.Simon@contoso.com");
    const short = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}/password`, { password: "short" });
    expect(short.status).toBe(400);
    expect(pageText(short.text)).toContain("Password: use at least 8 characters.");
    const empty = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}/password`, { password: "" });
    expect(empty.status).toBe(400);
    const set = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}/password`, {
      password: "a-long-password",
    });
    expect(set.status).toBe(303);
    expect((await rt.ctx.directory.get("mic", id))?.passwordHash).toMatch(/^scrypt\$/);
    const clear = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}/password`, { clear: "1" });
    expect(clear.status).toBe(303);
    expect((await rt.ctx.directory.get("mic", id))?.passwordHash).toBeNull();
  });

  it("lists with search and status filter", async () => {
    await add({ name: "Alex Wilber", email: "AlexW@contoso.com", username: "" });
    const all = await agent.get(USERS);
    expect(all.text).toContain("Britta S.");
    expect(all.text).toContain("Alex Wilber");
    const search = await agent.get(`${USERS}?q=alexw`);
    expect(search.text).toContain("Alex Wilber");
    expect(search.text).not.toContain("Britta S.");
    const active = await agent.get(`${USERS}?status=active`);
    expect(active.text).toContain("Britta S.");
    expect(active.text).not.toContain("Alex Wilber");
    expect(active.text).toContain('<option value="active" selected>Active</option>');
    const none = await agent.get(`${USERS}?q=nobody`);
    expect(pageText(none.text)).toContain("No user matches.");
    const junk = await agent.get(`${USERS}?status=<x>`);
    expect(junk.status).toBe(200);
  });

  it("escapes user names", async () => {
    const res = await add({ name: XSS, email: "xss@contoso.com", username: "" });
    expect(res.status).toBe(303);
    for (const path of [USERS, res.headers.location as string]) {
      const page = await agent.get(path);
      expect(page.text).not.toContain(XSS);
      expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    }
  });

  it("deletes a user", async () => {
    const id = await userId("AlexW@contoso.com");
    const res = await postForm(agent, `${USERS}/${id}`, `${USERS}/${id}/delete`, {});
    expect(res.status).toBe(303);
    expect(await rt.ctx.directory.get("mic", id)).toBeUndefined();
    expect((await agent.get(`${USERS}/${id}`)).status).toBe(404);
  });

  it("refuses every user form without the CSRF token", async () => {
    const id = await userId("B.Simon@contoso.com");
    for (const [path, body] of [
      [USERS, { name: "N", email: "n@contoso.com" }],
      [`${USERS}/${id}`, { name: "N", email: "n@contoso.com" }],
      [`${USERS}/${id}/status`, { status: "disabled" }],
      [`${USERS}/${id}/password`, { password: "a-long-password" }],
      [`${USERS}/${id}/delete`, {}],
    ] as const) {
      const res = await agent.post(path).type("form").send(body);
      expect(res.status, path).toBe(403);
    }
    expect((await rt.ctx.directory.get("mic", id))?.status).toBe("active");
  });
});

describe("admin: CloudLink users", () => {
  let rt: TestRuntime;
  let agent: Agent;
  const USERS = "/admin/accounts/cl/users";
  beforeAll(async () => {
    rt = await createTestRuntime();
    agent = await operatorAgent(rt.app);
    await rt.ctx.accounts.create({ id: "cl", platform: "cloudlink", displayName: "CL" });
  });
  afterAll(() => rt.dispose());

  it("adds a user from First Name, Last Name and Email (Name derived); Unregistered until registered", async () => {
    const form = await agent.get(`${USERS}/new`);
    const text = pageText(form.text);
    expect(text).toContain("First Name");
    expect(text).toContain("Last Name");
    expect(text).not.toContain("Business Email Address");
    const res = await postForm(agent, `${USERS}/new`, USERS, {
      firstName: "Britta",
      lastName: "Simon",
      email: "B.Simon@contoso.com",
    });
    expect(res.status).toBe(303);
    const [user] = await rt.ctx.directory.search({ accountId: "cl" });
    expect(user).toMatchObject({
      name: "Britta Simon",
      firstName: "Britta",
      lastName: "Simon",
      username: null,
      status: "pending",
    });
    const list = await agent.get(USERS);
    expect(pageText(list.text)).toContain("Unregistered");
    expect(list.text).toContain('aria-label="Register Britta Simon"');
    const page = await agent.get(`${USERS}/${user?.id}`);
    expect(pageText(page.text)).toContain(
      "Used only if Enable Mitel Credentials (Optional) is on for this account.",
    );
  });

  it.each([
    [{ firstName: "", lastName: "S", email: "a@contoso.com" }, "First Name is required."],
    [{ firstName: "A", lastName: "", email: "a@contoso.com" }, "Last Name is required."],
    [
      { firstName: "A", lastName: "B", email: "nope" },
      "Email: enter an email address such as B.Simon@contoso.com.",
    ],
    [
      { firstName: "A", lastName: "B", email: "b.simon@contoso.com" },
      "Another user of this account has that Email.",
    ],
  ])("refuses %j", async (fields, message) => {
    const res = await postForm(agent, `${USERS}/new`, USERS, fields);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(pageText(res.text)).toContain(message);
  });

  it("registers the user, then shows Registered", async () => {
    const [user] = await rt.ctx.directory.search({ accountId: "cl" });
    const res = await postForm(agent, USERS, `${USERS}/${user?.id}/status`, {
      status: "active",
      back: "list",
    });
    expect(res.status).toBe(303);
    const list = await agent.get(USERS);
    expect(pageText(list.text)).toContain("Britta Simon is now registered.");
    expect(list.text).toContain('data-status="active"');
  });
});
