/**
 * The headless SSO check: one SP-initiated sign-in through the Entra simulator over HTTP, the way
 * a browser makes it — Mitel sign-on page, username, Single Sign On (the AuthnRequest), the
 * simulator's sign-in page, its auto-posted SAML response to the ACS, the session hand-over and
 * the landing page — recording every step. The first step that does not go as a browser would see
 * it stops the check with a failure code and, where the service gives them, the cause and the fix.
 */
import { inflateRawSync } from "node:zlib";
import { DOMParser } from "@xmldom/xmldom";
import { allPlatforms, appFor, isPlatformId, type Platform, platformOf } from "../platforms/index.js";
import { BrowserClient, type PageResponse } from "./browser-client.js";
import { attributeOf, elementsWith, elementWith, formWith, textOf } from "./page-fields.js";

export interface CheckOptions {
  /** Base URL of the Mitel side (PUBLIC_URL), e.g. http://localhost:3000. */
  url: string;
  /** The username (MiCloud) or email (CloudLink) typed on the sign-on page, also the simulator sign-in. */
  user: string;
  /** Account id; needed when the user exists in several accounts, and to find the platform. */
  account?: string;
  /** micloud or cloudlink; found from the account when not given. */
  platform?: string;
  /** Sign-on app key (portal, teamwork, accounts); the platform's first by default. */
  app?: string;
  /** Who signs in at the simulator, when not the same as `user` (e.g. a UPN that differs). */
  entraUser?: string;
  timeoutMs?: number;
  /** The client making the requests (tests watch which replica answered each). */
  browser?: BrowserClient;
}

export interface CheckStep {
  step: string;
  ok: boolean;
  method: "GET" | "POST";
  url: string;
  status: number | null;
  detail: string;
}

export interface CheckFailure {
  /** The step that failed. */
  step: string;
  /** Mitel failure code (data-error-code), an AADSTS code from the simulator, or the check's own. */
  code: string;
  cause: string;
  fix: string | null;
  traceId: string | null;
  expected: string | null;
  actual: string | null;
}

export interface Claim {
  name: string;
  values: string[];
}

export interface CheckResult {
  ok: boolean;
  url: string;
  account: string | null;
  platform: string | null;
  user: string;
  /** ID of the AuthnRequest (the sign-in log's Request ID), once the SP sent one. */
  requestId: string | null;
  steps: CheckStep[];
  nameId: string | null;
  nameIdFormat: string | null;
  userName: string | null;
  claims: Claim[];
  failure: CheckFailure | null;
}

/** A step that did not go as a browser would see it; `failure` says why. */
class CheckStopped extends Error {
  constructor(readonly failure: Omit<CheckFailure, "step">) {
    super(failure.cause);
  }
}

function ownFailure(code: string, cause: string, fix: string | null = null): CheckStopped {
  return new CheckStopped({ code, cause, fix, traceId: null, expected: null, actual: null });
}

export async function runSsoCheck(options: CheckOptions): Promise<CheckResult> {
  const base = options.url.replace(/\/+$/, "");
  const browser = options.browser ?? new BrowserClient(options.timeoutMs);
  const result: CheckResult = {
    ok: false,
    url: base,
    account: options.account ?? null,
    platform: null,
    user: options.user,
    requestId: null,
    steps: [],
    nameId: null,
    nameIdFormat: null,
    userName: null,
    claims: [],
    failure: null,
  };
  let current = "";
  const step = async (
    name: string,
    method: "GET" | "POST",
    url: string,
    run: () => Promise<PageResponse>,
    check: (page: PageResponse) => string,
  ): Promise<PageResponse> => {
    current = name;
    let page: PageResponse;
    try {
      page = await run();
    } catch (err) {
      result.steps.push({ step: name, ok: false, method, url, status: null, detail: networkText(err) });
      throw ownFailure(
        "UNREACHABLE",
        `${method} ${url} failed: ${networkText(err)}`,
        "Check that the service runs and that --url (PUBLIC_URL) and the simulator's URL reach it.",
      );
    }
    try {
      const detail = check(page);
      result.steps.push({ step: name, ok: true, method, url, status: page.status, detail });
      return page;
    } catch (err) {
      const cause = err instanceof CheckStopped ? err.failure.cause : String(err);
      result.steps.push({ step: name, ok: false, method, url, status: page.status, detail: cause });
      throw err;
    }
  };

  try {
    current = "account lookup";
    const platform = await findPlatform(browser, base, options);
    result.platform = platform.id;
    const app = appFor(platform, options.app);
    const signOnUrl = `${base}${app.path}`;

    // 1. The Sign-on URL: Mitel's sign-in page asks for the username (or email) first.
    const signOn = await step(
      "sign-on page",
      "GET",
      signOnUrl,
      () => browser.request(signOnUrl),
      (page) => {
        expectStatus(page, 200);
        if (elementWith(page.body, "data-nameid")) {
          throw ownFailure("ALREADY_SIGNED_IN", "The sign-on page shows a landing page: a session exists.");
        }
        return `${platform.wording.productName} sign-in page for ${app.name}`;
      },
    );
    const loginForm = requireForm(signOn, `action="/${platform.id}/sign-on"`);

    // 2. Username, Next: the account step with its Single Sign On button.
    const stepUrl = `${base}/${platform.id}/sign-on`;
    const accountForm = {
      ...loginForm.fields,
      login: options.user,
      ...(options.account ? { accountId: options.account } : {}),
    };
    const accountStep = await step(
      "username",
      "POST",
      stepUrl,
      () => browser.request(stepUrl, { method: "POST", form: accountForm, from: signOnUrl }),
      (page) => {
        const alert = elementWith(page.body, 'role="alert"')?.text ?? null;
        if (page.status === 404) {
          throw ownFailure(
            "USER_NOT_FOUND",
            alert ?? `No ${platform.wording.productName} user "${options.user}".`,
            `Add the user to the account (operator console > Users) with ${platform.loginLabel} = ${options.user}.`,
          );
        }
        expectStatus(page, 200);
        if (page.body.includes('name="step" value="choose"')) {
          throw ownFailure(
            "ACCOUNT_AMBIGUOUS",
            `Several accounts have a user "${options.user}".`,
            "Name the account with --account <account-id>.",
          );
        }
        if (!page.body.includes('id="sso-button"')) {
          throw ownFailure(
            "SSO_NOT_OFFERED",
            alert ?? "The sign-on page offers no Single Sign On for this user.",
            "Enable Single Sign-On for the account and activate the user (operator console).",
          );
        }
        return `"${options.user}" found; Single Sign On offered`;
      },
    );
    const ssoForm = requireForm(accountStep, 'value="sso"');

    // 3. Single Sign On: the SP answers with a redirect carrying the AuthnRequest.
    const start = await step(
      "AuthnRequest",
      "POST",
      stepUrl,
      () => browser.request(stepUrl, { method: "POST", form: ssoForm.fields, from: signOnUrl }),
      (page) => {
        if (page.status !== 302 || !page.location) throw failureFromPage(page);
        const request = describeAuthnRequest(page.location);
        result.account = result.account ?? request.accountFromAcs;
        result.requestId = request.id;
        return request.summary;
      },
    );
    const idpUrl = start.location as string;

    // 4. The IdP's sign-in page (the simulator checks the AuthnRequest as Entra does).
    const idpPage = await step(
      "Entra sign-in page",
      "GET",
      idpUrl,
      () => browser.request(idpUrl, { from: signOnUrl }),
      (page) => {
        throwIfEntraError(page);
        expectStatus(page, 200);
        if (!formWith(page.body, "data-sign-in-form")) {
          throw ownFailure(
            "NOT_THE_SIMULATOR",
            `The account's Sign-in URL (${new URL(idpUrl).origin}) does not show the Entra simulator's sign-in page.`,
            "The headless check signs in through the Entra simulator only: wire the account to it (ssoFromSimulator: true in a seed file, or paste the simulator's values).",
          );
        }
        return "AuthnRequest accepted; sign-in page shown";
      },
    );
    const signInForm = requireForm(idpPage, "data-sign-in-form");
    const signInUrl = new URL(signInForm.action, idpUrl).toString();

    // 5. Sign in at the simulator: it answers with the auto-posting form holding the SAML response.
    const entraUser = options.entraUser ?? options.user;
    const posted = await step(
      "Entra sign-in",
      "POST",
      signInUrl,
      () =>
        browser.request(signInUrl, {
          method: "POST",
          form: { ...signInForm.fields, username: entraUser },
          from: idpUrl,
        }),
      (page) => {
        throwIfEntraError(page);
        expectStatus(page, 200);
        const form = formWith(page.body, "data-saml-response-form");
        if (!form?.fields.SAMLResponse)
          throw ownFailure("NO_SAML_RESPONSE", "The simulator sent no SAML response.");
        return `signed in as ${entraUser}; ${describeSamlResponse(form.fields.SAMLResponse)}`;
      },
    );
    const responseForm = requireForm(posted, "data-saml-response-form");
    const acsUrl = new URL(responseForm.action, signInUrl).toString();

    // 6. The ACS (cross-site form POST, as the browser sends it).
    const acs = await step(
      "ACS",
      "POST",
      acsUrl,
      () => browser.request(acsUrl, { method: "POST", form: responseForm.fields, from: signInUrl }),
      (page) => {
        if (page.status !== 303 || !page.location) throw failureFromPage(page);
        return "SAML response accepted";
      },
    );

    // 7. The hand-over: the identity joins the browser's own session, then the landing page.
    const handOverUrl = acs.location as string;
    const handOver = await step(
      "hand-over",
      "GET",
      handOverUrl,
      () => browser.request(handOverUrl, { from: signInUrl }),
      (page) => {
        if (page.status !== 303 || !page.location) throw failureFromPage(page);
        return `session ready; landing on ${new URL(page.location).pathname}`;
      },
    );

    // 8. The landing page shows who signed in, the NameID and the claims.
    const landingUrl = handOver.location as string;
    await step(
      "landing page",
      "GET",
      landingUrl,
      () => browser.request(landingUrl, { from: signInUrl }),
      (page) => {
        expectStatus(page, 200);
        const nameId = elementWith(page.body, "data-nameid");
        if (!nameId) throw ownFailure("NOT_SIGNED_IN", "The landing page shows no signed-in user.");
        result.nameId = nameId.text;
        result.nameIdFormat = elementWith(page.body, "data-nameid-format")?.text ?? null;
        result.userName = elementWith(page.body, "data-user-name")?.text ?? null;
        result.claims = claimsOn(page.body);
        return `signed in as ${result.userName ?? "?"} (NameID ${result.nameId})`;
      },
    );
    result.ok = true;
  } catch (err) {
    const failure =
      err instanceof CheckStopped ? err.failure : ownFailure("CHECK_ERROR", String(err)).failure;
    result.failure = { step: current, ...failure };
  }
  return result;
}

async function findPlatform(browser: BrowserClient, base: string, options: CheckOptions): Promise<Platform> {
  if (options.platform) {
    if (!isPlatformId(options.platform)) {
      throw ownFailure("BAD_ARGUMENT", `Unknown platform "${options.platform}" (micloud or cloudlink).`);
    }
    return platformOf(options.platform);
  }
  if (!options.account) return platformOf("micloud");
  for (const platform of allPlatforms()) {
    const url = `${base}/${platform.id}/${encodeURIComponent(options.account)}/saml/metadata`;
    let page: PageResponse;
    try {
      page = await browser.request(url);
    } catch (err) {
      throw ownFailure(
        "UNREACHABLE",
        `GET ${url} failed: ${networkText(err)}`,
        "Check that the service runs and that --url (PUBLIC_URL) reaches it.",
      );
    }
    if (page.status === 200) return platform;
  }
  throw ownFailure(
    "ACCOUNT_NOT_FOUND",
    `There is no account "${options.account}" at ${base}.`,
    "Check the account id (operator console > Accounts), or seed it with CONFIG_FILE.",
  );
}

function expectStatus(page: PageResponse, status: number): void {
  if (page.status === status) return;
  throw failureFromPage(page);
}

function requireForm(page: PageResponse, marker: string) {
  const form = formWith(page.body, marker);
  if (!form) throw ownFailure("UNEXPECTED_PAGE", `No form (${marker}) on ${page.url}.`);
  return form;
}

/** A Mitel failure page (data-error-code), a JSON error, or anything else a browser would be stuck on. */
function failureFromPage(page: PageResponse): CheckStopped {
  const code = elementWith(page.body, "data-error-code");
  if (code) {
    return new CheckStopped({
      code: attributeOf(code.tag, "data-error-code") ?? code.text,
      cause: elementWith(page.body, "data-cause")?.text ?? "",
      fix: elementWith(page.body, "data-fix")?.text ?? null,
      traceId: elementWith(page.body, "data-trace-id")?.text ?? null,
      expected: elementWith(page.body, "data-expected")?.text ?? null,
      actual: elementWith(page.body, "data-actual")?.text ?? null,
    });
  }
  throwIfEntraError(page);
  if (page.contentType.includes("json")) {
    try {
      const parsed = JSON.parse(page.body) as { error?: { code?: string; message?: string; fix?: string } };
      if (parsed.error?.code) {
        return ownFailure(parsed.error.code, parsed.error.message ?? "", parsed.error.fix ?? null);
      }
    } catch {
      // not JSON after all: described below
    }
  }
  const where = page.location ? ` to ${page.location}` : "";
  return ownFailure("UNEXPECTED_RESPONSE", `${page.status}${where}: ${textOf(page.body).slice(0, 200)}`);
}

/** The simulator's error page, as Entra shows AADSTS errors. */
function throwIfEntraError(page: PageResponse): void {
  const card = elementWith(page.body, "data-aadsts");
  if (!card) return;
  const code = attributeOf(card.tag, "data-aadsts") ?? "AADSTS";
  const message = elementWith(page.body, "data-error-message")?.text ?? card.text;
  const note = /<strong>Simulator note:<\/strong>([\s\S]*?)<\/aside>/.exec(page.body)?.[1];
  throw ownFailure(code, message, note ? textOf(note) : null);
}

function describeAuthnRequest(location: string): {
  id: string | null;
  summary: string;
  accountFromAcs: string | null;
} {
  const url = new URL(location);
  const encoded = url.searchParams.get("SAMLRequest");
  if (!encoded) throw ownFailure("NO_AUTHN_REQUEST", `The redirect to ${url.origin} carries no SAMLRequest.`);
  let root: Element;
  try {
    const xml = inflateRawSync(Buffer.from(encoded, "base64")).toString("utf8");
    root = new DOMParser().parseFromString(xml, "text/xml").documentElement as unknown as Element;
  } catch {
    throw ownFailure("NO_AUTHN_REQUEST", "The SAMLRequest is not a deflated, base64 encoded XML document.");
  }
  const issuer = textOf(root.getElementsByTagNameNS("*", "Issuer")[0]?.textContent ?? "");
  const acs = root.getAttribute("AssertionConsumerServiceURL") ?? "";
  const account = /\/(?:micloud|cloudlink)\/([^/]+)\/saml\/acs$/.exec(acs)?.[1] ?? null;
  return {
    id: root.getAttribute("ID"),
    summary: `ID ${root.getAttribute("ID")}, Issuer ${issuer}, ACS ${acs || "(none)"}, to ${url.origin}${url.pathname}`,
    accountFromAcs: account ? decodeURIComponent(account) : null,
  };
}

function describeSamlResponse(base64: string): string {
  try {
    const xml = Buffer.from(base64, "base64").toString("utf8");
    const root = new DOMParser().parseFromString(xml, "text/xml").documentElement;
    const status = root?.getElementsByTagNameNS("*", "StatusCode")[0]?.getAttribute("Value") ?? "";
    const destination = root?.getAttribute("Destination") ?? "";
    return `SAML response ${root?.getAttribute("ID") ?? ""} (status ${status.split(":").pop()}) for ${destination}`;
  } catch {
    return "SAML response (not readable XML)";
  }
}

function claimsOn(html: string): Claim[] {
  const claims: Claim[] = [];
  const rows = html.split(/<tr\b/i).slice(1);
  for (const row of rows) {
    const name = attributeOf(`<tr${row.slice(0, row.indexOf(">") + 1)}`, "data-claim");
    if (name === null) continue;
    claims.push({ name, values: elementsWith(row, "data-claim-value").map((v) => v.text) });
  }
  return claims;
}

function networkText(err: unknown): string {
  if (err instanceof Error) {
    const cause = (err as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
  }
  return String(err);
}
