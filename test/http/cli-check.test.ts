/**
 * `mitel-mock-sp check`, the headless SSO check for users' CI: against a live service (real
 * HTTP, the simulator on another host name), a sign-in that works reports every step, the NameID
 * and the claims; faults and misconfigurations end with the failure code, its cause and fix; the
 * command's JSON output and exit codes are what a pipeline relies on.
 */
import { execFile } from "node:child_process";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { BrowserClient } from "../../src/cli/browser-client.js";
import { formWith } from "../../src/cli/page-fields.js";
import { formatReport } from "../../src/cli/report.js";
import { runSsoCheck } from "../../src/cli/sso-check.js";
import { PROJECT_ROOT } from "../../src/project-root.js";
import { type LiveRuntime, startLiveRuntime } from "../helpers/live-runtime.js";

const UPN = "B.Simon@contoso.com";
const TOKEN = "test-admin-token-0123456789abcdef";
const EMAIL_CLAIM = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress";

let live: LiveRuntime;
beforeAll(async () => {
  live = await startLiveRuntime();
}, 60_000);
afterAll(async () => {
  await live?.close();
});

/** Fault injection of the simulator app wired to `displayName`, through the simulator's own forms. */
async function setFaults(displayNamePart: string, faults: Record<string, string>): Promise<void> {
  const browser = new BrowserClient();
  const base = `${live.simulatorUrl}/entra-sim`;
  const overview = await browser.request(`${base}/`);
  const row = overview.body
    .split("<tr")
    .find((r) => r.includes("data-app-link") && r.includes(displayNamePart));
  const appId = row ? /data-app-link="([^"]+)"/.exec(row)?.[1] : undefined;
  if (!appId) throw new Error(`no simulator app for ${displayNamePart}`);
  const appUrl = `${base}/apps/${appId}`;
  const page = await browser.request(appUrl);
  const csrf = formWith(page.body, "/faults/reset")?.fields._csrf ?? "";
  for (const [path, form] of [
    ["/faults/reset", {}],
    ["/faults", faults],
  ] as const) {
    const res = await browser.request(`${appUrl}${path}`, {
      method: "POST",
      form: { _csrf: csrf, ...form },
      from: appUrl,
    });
    if (res.status !== 303) throw new Error(`POST ${path}: ${res.status} ${res.body.slice(0, 300)}`);
  }
}

async function api(method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${live.spUrl}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

describe("check: a sign-in that works", () => {
  it("walks every step for MiCloud Connect and reports the NameID and claims", async () => {
    const result = await runSsoCheck({ url: live.spUrl, user: UPN, account: "contoso-micloud" });
    expect(result.failure).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.platform).toBe("micloud");
    expect(result.steps.map((s) => [s.step, s.ok, s.status])).toEqual([
      ["sign-on page", true, 200],
      ["username", true, 200],
      ["AuthnRequest", true, 302],
      ["Entra sign-in page", true, 200],
      ["Entra sign-in", true, 200],
      ["ACS", true, 303],
      ["hand-over", true, 303],
      ["landing page", true, 200],
    ]);
    // The ACS is on the SP's host, the sign-in page on the simulator's: two sites, as in real life.
    expect(new URL(result.steps[3]!.url).host).toBe(new URL(live.simulatorUrl).host);
    expect(new URL(result.steps[5]!.url).host).toBe(new URL(live.spUrl).host);
    expect(result.nameId).toBe(UPN);
    expect(result.userName).toBe("Britta Simon");
    expect(result.claims.find((c) => c.name === EMAIL_CLAIM)?.values).toEqual([UPN]);
  });

  it("finds the platform from the account (CloudLink) and prints a readable report", async () => {
    const result = await runSsoCheck({ url: live.spUrl, user: UPN, account: "contoso-cloudlink" });
    expect(result.ok).toBe(true);
    expect(result.platform).toBe("cloudlink");
    const text = formatReport(result);
    expect(text).toContain("PASSED: Britta Simon signed in.");
    expect(text).toContain(`NameID: ${UPN}`);
    expect(text).toContain(`${EMAIL_CLAIM}: ${UPN}`);
    expect(text).not.toContain("FAIL ");
  });
});

describe("check: failures name the code, the cause and the fix", () => {
  afterEach(async () => {
    await setFaults("MiCloud", {});
  });

  it("a wrong Audience from Entra stops at the ACS with AUDIENCE_MISMATCH", async () => {
    await setFaults("MiCloud", { wrongAudience: "on" });
    const result = await runSsoCheck({ url: live.spUrl, user: UPN, account: "contoso-micloud" });
    expect(result.ok).toBe(false);
    expect(result.failure).toMatchObject({ step: "ACS", code: "AUDIENCE_MISMATCH" });
    expect(result.failure?.cause).toContain("urn:entra-sim:wrong-audience");
    expect(result.failure?.fix).toBeTruthy();
    expect(result.failure?.traceId).toMatch(/\S/);
    expect(result.steps.at(-1)).toMatchObject({ step: "ACS", ok: false });
    const text = formatReport(result);
    expect(text).toContain('FAILED at "ACS": AUDIENCE_MISMATCH');
    expect(text).toContain("Fix: ");
  });

  it("an AADSTS error Status from Entra is IDP_ERROR_STATUS, naming the AADSTS code", async () => {
    await setFaults("MiCloud", { errorStatus: "AADSTS50105" });
    const result = await runSsoCheck({ url: live.spUrl, user: UPN, account: "contoso-micloud" });
    expect(result.failure).toMatchObject({ step: "ACS", code: "IDP_ERROR_STATUS" });
    expect(result.failure?.cause).toContain("AADSTS50105");
  });

  it("a user Entra does not know stops at the simulator with AADSTS50034", async () => {
    const result = await runSsoCheck({
      url: live.spUrl,
      user: UPN,
      account: "contoso-micloud",
      entraUser: "Nobody@contoso.com",
    });
    expect(result.failure).toMatchObject({ step: "Entra sign-in", code: "AADSTS50034" });
    expect(result.failure?.cause).toContain("Nobody@contoso.com");
  });

  it("an SP Entity ID that Entra does not know (misconfiguration) stops at Entra with AADSTS700016", async () => {
    expect(
      (await api("PATCH", "/accounts/contoso-cloudlink", { spEntityIdOverride: "urn:not-in-entra" })).status,
    ).toBe(200);
    try {
      const result = await runSsoCheck({ url: live.spUrl, user: UPN, account: "contoso-cloudlink" });
      expect(result.failure).toMatchObject({ step: "Entra sign-in page", code: "AADSTS700016" });
      expect(result.failure?.cause).toContain("urn:not-in-entra");
    } finally {
      await api("PATCH", "/accounts/contoso-cloudlink", { spEntityIdOverride: null });
    }
  });

  it("a deactivated Mitel user is offered no Single Sign On: SSO_NOT_OFFERED with Mitel's reason", async () => {
    const users = (await (await api("GET", "/accounts/contoso-micloud/users")).json()) as {
      users: Array<{ id: string; email: string }>;
    };
    const britta = users.users.find((u) => u.email === UPN);
    expect(britta).toBeDefined();
    expect(
      (await api("PATCH", `/accounts/contoso-micloud/users/${britta?.id}`, { status: "disabled" })).status,
    ).toBe(200);
    try {
      const result = await runSsoCheck({ url: live.spUrl, user: UPN, account: "contoso-micloud" });
      expect(result.failure).toMatchObject({ step: "username", code: "SSO_NOT_OFFERED" });
      expect(result.failure?.cause).toContain("has been deactivated");
    } finally {
      await api("PATCH", `/accounts/contoso-micloud/users/${britta?.id}`, { status: "active" });
    }
  });

  it("a user the Mitel account does not have stops at the username with USER_NOT_FOUND", async () => {
    const result = await runSsoCheck({
      url: live.spUrl,
      user: "Nobody@contoso.com",
      account: "contoso-micloud",
    });
    expect(result.failure).toMatchObject({ step: "username", code: "USER_NOT_FOUND" });
    expect(result.failure?.fix).toContain("Nobody@contoso.com");
  });

  it("an account that does not exist is ACCOUNT_NOT_FOUND before any sign-in step", async () => {
    const result = await runSsoCheck({ url: live.spUrl, user: UPN, account: "no-such-account" });
    expect(result.failure).toMatchObject({ step: "account lookup", code: "ACCOUNT_NOT_FOUND" });
    expect(result.steps).toEqual([]);
  });
});

/** The command as a pipeline runs it (bin/mitel-mock-sp.mjs, built dist/). */
function runCommand(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["bin/mitel-mock-sp.mjs", ...args],
      { cwd: PROJECT_ROOT, timeout: 90_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe("the mitel-mock-sp check command", () => {
  it("exits 0 and prints the result as JSON with --json", async () => {
    const run = await runCommand([
      "check",
      "--url",
      live.spUrl,
      "--user",
      UPN,
      "--account",
      "contoso-micloud",
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: true, nameId: UPN, platform: "micloud", failure: null });
    expect(result.steps).toHaveLength(8);
  }, 90_000);

  it("exits 1 with the failure code in the JSON when the sign-in fails", async () => {
    await setFaults("CloudLink", { expired: "on" });
    try {
      const run = await runCommand([
        "check",
        "--url",
        live.spUrl,
        "--user",
        UPN,
        "--account",
        "contoso-cloudlink",
        "--json",
      ]);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({
        ok: false,
        failure: { step: "ACS", code: "ASSERTION_EXPIRED" },
      });
    } finally {
      await setFaults("CloudLink", {});
    }
  }, 90_000);

  it("exits 2 on bad arguments and 3 when the service cannot be reached", async () => {
    const usage = await runCommand(["check", "--url", live.spUrl]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--user is required");
    const unknown = await runCommand(["check", "--user", UPN, "--frobnicate"]);
    expect(unknown.code).toBe(2);
    const unreachable = await runCommand([
      "check",
      "--url",
      "http://127.0.0.1:9",
      "--user",
      UPN,
      "--account",
      "x",
    ]);
    expect(unreachable.code).toBe(3);
    expect(unreachable.stdout).toContain("UNREACHABLE");
  }, 90_000);

  it("--start --config runs the check on a service of its own seeded as examples/ci says", async () => {
    const run = await runCommand([
      "check",
      "--start",
      "--config",
      "examples/ci/mitel-mock-sp.yaml",
      "--user",
      UPN,
      "--account",
      "acme-micloud",
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("PASSED: Britta Simon signed in.");
  }, 90_000);
});
