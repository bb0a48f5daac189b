import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { entraUserClaims, NAME_ID_FORMAT } from "../../src/idp-simulator/saml/build-response.js";
import { TEST_IDP } from "../helpers/test-idp.js";
import { createTestRuntime, createWiredAccount, type TestRuntime } from "../helpers/test-runtime.js";
import { accountPaths, attemptSignIn, recordOf, verdict } from "./diagnostics-helpers.js";

const MICLOUD = accountPaths("micloud", "match-micloud");
const OTHER = accountPaths("micloud", "match-other");
const CLOUDLINK = accountPaths("cloudlink", "match-cloudlink");

let rt: TestRuntime;

beforeAll(async () => {
  rt = await createTestRuntime();
  const { account } = await createWiredAccount(rt, { id: MICLOUD.id, platform: "micloud" });
  const { directory } = rt.ctx;
  await directory.create(account, {
    name: "Brian Smith",
    email: "Brian.Smith@contoso.com",
    username: "bsmith",
    status: "active",
  });
  await directory.create(account, { name: "Gita Guest", email: "gita@fabrikam.com", status: "active" });
  await directory.create(account, { name: "Pat Pending", email: "pat@contoso.com", status: "pending" });
  await directory.create(account, { name: "Dee Disabled", email: "dee@contoso.com", status: "disabled" });
  const other = await createWiredAccount(rt, {
    id: OTHER.id,
    platform: "micloud",
    displayName: "Other Branch",
  });
  await directory.create(other.account, {
    name: "Carol Other",
    email: "Carol@contoso.com",
    status: "active",
  });
  const cl = await createWiredAccount(rt, { id: CLOUDLINK.id, platform: "cloudlink" });
  await directory.create(cl.account, {
    firstName: "Uma",
    lastName: "Upn",
    email: "uma@contoso.com",
    status: "pending",
  });
});
afterAll(() => rt.dispose());

async function failWith(account: typeof MICLOUD, overrides: Parameters<typeof attemptSignIn>[2]) {
  const { body } = await attemptSignIn(rt.app, account, overrides);
  expect(body.error, JSON.stringify(body)).toBeDefined();
  const record = await recordOf(rt.app, account.id, body.error.traceId);
  return { error: body.error, record, diagnosis: record.diagnosis };
}

const kinds = (d: Awaited<ReturnType<typeof failWith>>["diagnosis"]) =>
  d?.userMatch?.nearMisses.map((n) => n.kind) ?? [];

describe("user matching near-misses: which user, which field, what differs", () => {
  it("letter case alone matches (Mitel compares case-insensitively), and the verdict says so", async () => {
    const { res, flow } = await attemptSignIn(rt.app, MICLOUD, { nameId: "b.simon@CONTOSO.com" });
    expect(res.status).toBe(303);
    const [record] = await rt.ctx.signIns.search({
      accountId: MICLOUD.id,
      requestId: flow.request.id,
      outcome: "success",
    });
    const detail = await recordOf(rt.app, MICLOUD.id, record?.traceId ?? "");
    expect(verdict(detail.diagnosis, "user").hint).toContain("ignoring letter case");
  });

  it("whitespace: an invisible character inside the NameID", async () => {
    const nameId = "B.Simon@contoso.com\u200b";
    const { error, diagnosis } = await failWith(MICLOUD, { nameId });
    expect(error.code).toBe("USER_NOT_FOUND");
    expect(kinds(diagnosis)).toContain("case-or-whitespace");
    const v = verdict(diagnosis, "user");
    expect(v).toMatchObject({
      status: "fail",
      expected: "a user whose Username equals the NameID",
      actual: nameId,
    });
    expect(v.hint).toContain("Britta Simon");
    expect(v.hint).toContain("U+200B");
    expect(diagnosis?.fix).toContain("character for character");
  });

  it("whitespace and letter case: a space inside the NameID", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { nameId: "b.simon @contoso.com" });
    expect(error.code).toBe("USER_NOT_FOUND");
    const miss = diagnosis?.userMatch?.nearMisses[0];
    expect(miss?.kind).toBe("case-or-whitespace");
    expect(miss?.text).toMatch(/whitespace/);
    expect(miss?.text).toMatch(/letter case/);
    expect(miss?.user?.name).toBe("Britta Simon");
  });

  it("MiCloud matches Username, the NameID equals the user's email: names the user and both fields", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { nameId: "Brian.Smith@contoso.com" });
    expect(error.code).toBe("USER_NOT_FOUND");
    expect(kinds(diagnosis)).toEqual(["email-not-username"]);
    const hint = verdict(diagnosis, "user").hint ?? "";
    expect(hint).toContain("Business Email Address of Brian Smith");
    expect(hint).toContain('Username, which is "bsmith"');
    expect(diagnosis?.fix).toContain("set the user's Username to Brian.Smith@contoso.com");
  });

  it("an opaque persistent NameID: Unique User Identifier is not user.userprincipalname", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, {
      nameId: "Xk3v9Jq0rT2lP8sZyW4nB6mC1dE5fG7hI",
      nameIdFormat: NAME_ID_FORMAT.persistent,
      claims: entraUserClaims({
        tenantId: TEST_IDP.tenantId,
        objectId: "0c7a1e3e-5b8e-4a43-9f7f-4a9c2a1d0e11",
        name: "B.Simon@contoso.com",
        emailAddress: "B.Simon@contoso.com",
      }),
    });
    expect(error.code).toBe("USER_NOT_FOUND");
    expect(kinds(diagnosis)).toContain("opaque-nameid");
    const miss = diagnosis?.userMatch?.nearMisses.find((n) => n.kind === "opaque-nameid");
    expect(miss?.text).toContain("not user.userprincipalname");
    expect(miss?.text).toContain("format persistent");
    // The response's UPN claim still names the user, so the admin knows who it was.
    expect(miss?.text).toContain("matches Britta Simon");
    expect(diagnosis?.fix).toContain("Source attribute to user.userprincipalname");
  });

  it("a guest's #EXT# UPN: the guest's own address and the Mitel user who has it", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, {
      nameId: "gita_fabrikam.com#EXT#@contoso.onmicrosoft.com",
    });
    expect(error.code).toBe("USER_NOT_FOUND");
    const miss = diagnosis?.userMatch?.nearMisses.find((n) => n.kind === "guest-ext-upn");
    expect(miss?.text).toContain("guest's UPN");
    expect(miss?.text).toContain("gita@fabrikam.com");
    expect(miss?.user?.name).toBe("Gita Guest");
    expect(diagnosis?.fix).toContain("user.mail");
  });

  it("the user exists in another account: names the account", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { nameId: "carol@contoso.com" });
    expect(error.code).toBe("USER_NOT_FOUND");
    const miss = diagnosis?.userMatch?.nearMisses.find((n) => n.kind === "other-account");
    expect(miss?.accountName).toBe("Other Branch");
    expect(miss?.text).toContain(`“Other Branch” (${OTHER.id})`);
    expect(diagnosis?.fix).toContain("belongs to another MiCloud Connect account");
    // The user-facing fix names no other account.
    expect(error.fix).not.toContain("Other Branch");
  });

  it("a claim names the user although the NameID does not (CloudLink matches Email)", async () => {
    const claims = entraUserClaims({
      tenantId: TEST_IDP.tenantId,
      objectId: "11111111-2222-3333-4444-555555555555",
      name: "B.Simon@contoso.com",
      emailAddress: "britta.simon@fabrikam.com",
    });
    const { error, diagnosis } = await failWith(CLOUDLINK, { nameId: "britta.simon@fabrikam.com", claims });
    expect(error.code).toBe("USER_NOT_FOUND");
    const miss = diagnosis?.userMatch?.nearMisses.find((n) => n.kind === "claim-matches-user");
    expect(miss?.text).toContain(
      "name (user principal name) claim (B.Simon@contoso.com) matches Britta Simon",
    );
    expect(verdict(diagnosis, "user").expected).toBe("a user whose Email equals the NameID");
  });

  it("USER_NOT_ACTIVE: pending, with how to activate (MiCloud)", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { nameId: "pat@contoso.com" });
    expect(error.code).toBe("USER_NOT_ACTIVE");
    expect(diagnosis?.cause).toContain("Pat Pending");
    expect(diagnosis?.cause).toContain("not activated yet");
    expect(diagnosis?.fix).toContain("In the Mitel Account portal: Users > Pat Pending > Activate");
    expect(verdict(diagnosis, "user")).toMatchObject({ status: "pass" });
    expect(verdict(diagnosis, "user-active")).toMatchObject({
      status: "fail",
      expected: "active",
      actual: "pending",
    });
  });

  it("USER_NOT_ACTIVE: deactivated", async () => {
    const { error, diagnosis } = await failWith(MICLOUD, { nameId: "dee@contoso.com" });
    expect(error.code).toBe("USER_NOT_ACTIVE");
    expect(diagnosis?.cause).toContain("deactivated");
    expect(diagnosis?.fix).toContain("Users > Dee Disabled > Activate");
  });

  it("USER_NOT_ACTIVE: unregistered, with how to register (CloudLink)", async () => {
    const { error, diagnosis } = await failWith(CLOUDLINK, { nameId: "uma@contoso.com" });
    expect(error.code).toBe("USER_NOT_ACTIVE");
    expect(diagnosis?.fix).toContain("In the CloudLink Accounts portal: Users > Uma Upn > Register");
  });

  it("USER_NOT_FOUND with no near-miss: create the user", async () => {
    const { error, diagnosis } = await failWith(CLOUDLINK, { nameId: "nobody@contoso.com" });
    expect(error.code).toBe("USER_NOT_FOUND");
    expect(kinds(diagnosis)).toEqual([]);
    expect(diagnosis?.fix).toContain(
      "Create the user in the CloudLink Accounts portal (Users) with Email nobody@contoso.com",
    );
  });
});
