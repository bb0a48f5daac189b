import { describe, expect, it } from "vitest";
import { identifierMistake } from "../../../src/diagnostics/identifier-mistakes.js";

const SP = "https://mitel.contoso.com/micloud/acme/saml/metadata";
const ISSUER = "https://sts.windows.net/8f1b6f2c-3a44-4b5e-9d7a-1c2d3e4f5a6b/";

describe("identifierMistake", () => {
  it.each([
    ["equal values", SP, SP, null],
    ["trailing slash added", SP, `${SP}/`, /trailing slash: the received value ends with “\/”/],
    [
      "trailing slash missing",
      ISSUER,
      ISSUER.slice(0, -1),
      /trailing slash: the expected value ends with “\/”/,
    ],
    ["letter case", SP, SP.replace("acme", "ACME"), /letter case/],
    ["letter case and slash", SP, `${SP.replace("acme", "Acme")}/`, /letter case and a trailing slash/],
    [
      "outer whitespace",
      SP,
      ` ${SP}\n`,
      /whitespace: one value has a space or line break at its start or end/,
    ],
    ["inner whitespace", SP, SP.replace("/saml", " /saml"), /whitespace: a space or line break inside/],
    ["empty", SP, "", /empty/],
  ])("%s", (_label, expected, actual, pattern) => {
    const mistake = identifierMistake(expected, actual, "sp");
    if (pattern === null) expect(mistake).toBeNull();
    else expect(mistake).toMatch(pattern);
  });

  it("http vs https on our side points at PUBLIC_URL and TRUST_PROXY", () => {
    const m = identifierMistake("http://mitel.contoso.com/acs", "https://mitel.contoso.com/acs", "sp");
    expect(m).toMatch(/^http vs https: Entra has https, this service's PUBLIC_URL gives http\./);
    expect(m).toContain("TRUST_PROXY");
  });

  it("another host or port: the reverse proxy's address", () => {
    expect(identifierMistake("http://localhost:3000/acs", "https://sso.contoso.com/acs", "sp")).toMatch(
      /^another host: Entra has https:\/\/sso\.contoso\.com/,
    );
    expect(identifierMistake("http://localhost:3000/acs", "http://localhost:8080/acs", "sp")).toMatch(
      /^another port/,
    );
  });

  it("another account's URL", () => {
    expect(
      identifierMistake(
        "https://m.example/micloud/acme/saml/acs",
        "https://m.example/micloud/globex/saml/acs",
        "sp",
      ),
    ).toMatch(/another account: the value points at micloud account “globex”/);
  });

  it("the real Mitel identifier", () => {
    expect(identifierMistake(SP, "https://authentication.api.mitel.io/2017-09-01/saml2/1234", "sp")).toMatch(
      /real Mitel service/,
    );
  });

  it("issuer: another tenant, the Login URL or the v2.0 issuer pasted instead", () => {
    expect(
      identifierMistake(ISSUER, "https://sts.windows.net/00000000-0000-0000-0000-000000000000/", "idp"),
    ).toMatch(/another tenant/);
    expect(
      identifierMistake(
        "https://login.microsoftonline.com/8f1b6f2c-3a44-4b5e-9d7a-1c2d3e4f5a6b/saml2",
        ISSUER,
        "idp",
      ),
    ).toMatch(/holds Entra's Login URL/);
    expect(
      identifierMistake(
        "https://login.microsoftonline.com/8f1b6f2c-3a44-4b5e-9d7a-1c2d3e4f5a6b/v2.0",
        ISSUER,
        "idp",
      ),
    ).toMatch(/OpenID Connect v2\.0 issuer/);
  });

  it("values that simply differ get no guess", () => {
    expect(identifierMistake("urn:a", "urn:b", "sp")).toBeNull();
  });
});
