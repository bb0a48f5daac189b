import { describe, expect, it } from "vitest";
import { checkSignInUrl } from "../../../src/accounts/settings/sign-in-url-rules.js";
import { IDENTIFIER, LOGIN_URL, TENANT } from "./support.js";

describe("Sign-in URL rules", () => {
  it("accepts Entra's Login URL without a word", () => {
    expect(checkSignInUrl(LOGIN_URL)).toEqual({ value: LOGIN_URL, error: null, warnings: [] });
  });

  it("accepts the simulator's Login URL over http on localhost, or on the configured simulator origin", () => {
    const local = `http://127.0.0.1:4000/entra-sim/${TENANT}/saml2`;
    expect(checkSignInUrl(local)).toEqual({ value: local, error: null, warnings: [] });
    const configured = `http://entra-sim.internal:8080/entra-sim/${TENANT}/saml2`;
    expect(checkSignInUrl(configured).error).toMatch(/use https/);
    expect(checkSignInUrl(configured, { httpOrigins: ["http://entra-sim.internal:8080"] }).error).toBeNull();
  });

  it("leaves an empty value to the 'missing' rule", () => {
    expect(checkSignInUrl("   ")).toEqual({ value: "", error: null, warnings: [] });
  });

  it("trims spaces and invisible characters, and says so", () => {
    const result = checkSignInUrl(`\u200E ${LOGIN_URL} \n`);
    expect(result.value).toBe(LOGIN_URL);
    expect(result.error).toBeNull();
    expect(result.warnings.join(" ")).toMatch(/invisible characters/);
    expect(result.warnings.join(" ")).toMatch(/spaces or line breaks at the start or end were removed/);
  });

  it.each([
    ["login.microsoftonline.com/x/saml2", /enter an absolute URL/],
    [
      `http://login.microsoftonline.com/${TENANT}/saml2`,
      /use https\. Plain http is accepted only for localhost/,
    ],
    ["ftp://example.com/saml2", /not a ftp: address/],
    [`https://login.microsoftonline.com/${TENANT}/ saml2`, /contains spaces/],
    [`https://user:pw@login.microsoftonline.com/${TENANT}/saml2`, /user name or password/],
    [`https://x.example/${"a".repeat(3000)}`, /characters long/],
  ])("refuses %s", (value, message) => {
    const result = checkSignInUrl(value);
    expect(result.error).toMatch(message);
    expect(result.error).toMatch(/^Sign-in URL: /);
  });

  it("warns, naming the mistake, when the value is not shaped like Entra's Login URL", () => {
    expect(checkSignInUrl(IDENTIFIER).warnings[0]).toMatch(
      /Microsoft Entra Identifier, which belongs in the Entity ID box/,
    );
    expect(
      checkSignInUrl(
        `https://login.microsoftonline.com/${TENANT}/federationmetadata/2007-06/federationmetadata.xml?appid=1`,
      ).warnings[0],
    ).toMatch(/App Federation Metadata URL/);
    expect(checkSignInUrl("https://idp.example.com/sso").warnings[0]).toMatch(
      /does not look like Entra's Login URL/,
    );
  });

  it("uses the platform's label in its messages", () => {
    expect(checkSignInUrl("nope", { label: "Sign-in URL" }).error).toMatch(/^Sign-in URL:/);
  });
});
