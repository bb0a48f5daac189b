import { describe, expect, it } from "vitest";
import { checkEntityId } from "../../../src/accounts/settings/entity-id-rules.js";
import { IDENTIFIER, LOGIN_URL, TENANT } from "./support.js";

describe("Entity ID rules", () => {
  it("accepts the Microsoft Entra Identifier without a word", () => {
    expect(checkEntityId(IDENTIFIER, { signInUrlTenant: TENANT })).toEqual({
      value: IDENTIFIER,
      error: null,
      warnings: [],
    });
  });

  it("names a missing trailing slash", () => {
    const result = checkEntityId(IDENTIFIER.slice(0, -1));
    expect(result.error).toBeNull();
    expect(result.warnings).toEqual([
      expect.stringMatching(/trailing slash is missing.*https:\/\/sts\.windows\.net\/.*\/\), and the Issuer/),
    ]);
  });

  it("names extra trailing slashes", () => {
    expect(checkEntityId(`${IDENTIFIER}/`).warnings[0]).toMatch(/more than one "\/"/);
  });

  it("names whitespace at the ends (removed) and refuses whitespace inside", () => {
    const trimmed = checkEntityId(`  ${IDENTIFIER}\t`);
    expect(trimmed.value).toBe(IDENTIFIER);
    expect(trimmed.warnings).toEqual([
      expect.stringMatching(/spaces or line breaks at the start or end were removed/),
    ]);
    expect(checkEntityId(`https://sts.windows.net/ ${TENANT}/`).error).toMatch(
      /contains spaces or line breaks/,
    );
  });

  it("warns when the tenant differs from the Sign-in URL's", () => {
    const other = "11111111-2222-3333-4444-555555555555";
    const result = checkEntityId(`https://sts.windows.net/${other}/`, { signInUrlTenant: TENANT });
    expect(result.warnings[0]).toMatch(
      new RegExp(`tenant ID \\(${other}\\) differs from the Sign-in URL's \\(${TENANT}\\)`),
    );
  });

  it("names the Login URL, the v2.0 issuer and other shapes", () => {
    expect(checkEntityId(LOGIN_URL).warnings[0]).toMatch(
      /this is the Login URL, which belongs in the Sign-in URL box/,
    );
    expect(checkEntityId(`https://login.microsoftonline.com/${TENANT}/v2.0`).warnings[0]).toMatch(
      /OpenID Connect/,
    );
    expect(checkEntityId("urn:example:idp").warnings[0]).toMatch(
      /does not look like the Microsoft Entra Identifier/,
    );
  });

  it("uses CloudLink's label when given", () => {
    expect(checkEntityId("x y", { label: "IDP Identifier (Entity ID)" }).error).toMatch(
      /^IDP Identifier \(Entity ID\):/,
    );
  });
});
