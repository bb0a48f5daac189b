import { describe, expect, it } from "vitest";
import {
  checkReplyUrl,
  validateBasicSamlConfiguration,
} from "../../../src/idp-simulator/config/basic-saml-configuration.js";

const VALID = {
  identifier: "https://sp.example/metadata",
  replyUrl: "https://sp.example/acs",
  signOnUrl: "https://sp.example/portal",
  relayState: "",
  logoutUrl: "",
};

describe("Basic SAML Configuration validation", () => {
  it("accepts a complete https configuration and trims values", () => {
    const result = validateBasicSamlConfiguration({ ...VALID, identifier: `  ${VALID.identifier} ` }, []);
    expect(result).toEqual({ ok: true, value: VALID });
  });

  it.each([
    ["https://sp.example/acs", true],
    ["http://localhost/acs", true],
    ["http://localhost:3000/micloud/a/saml/acs", true],
    ["http://127.0.0.1:8080/acs", true],
    ["http://sp.example/acs", false],
    ["http://localhost.evil.example/acs", false],
    ["http://10.0.0.1/acs", false],
    ["ftp://sp.example/acs", false],
    ["https://sp.example/acs#fragment", false],
    ["https://*.example/acs", false],
    ["not a url", false],
    ["/relative/acs", false],
  ])("Reply URL %s allowed: %s", (replyUrl, allowed) => {
    expect(checkReplyUrl(replyUrl, "Reply URL", true) === undefined).toBe(allowed);
  });

  it("explains an http Reply URL that is not localhost", () => {
    const result = validateBasicSamlConfiguration({ ...VALID, replyUrl: "http://sp.example/acs" }, []);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.replyUrl).toBe(
      "Reply URL must begin with 'https' or 'http://localhost'. 'http://sp.example/acs' is not allowed.",
    );
  });

  it("requires the Identifier and the Reply URL", () => {
    const result = validateBasicSamlConfiguration({ ...VALID, identifier: " ", replyUrl: undefined }, []);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.errors.identifier).toBe("Identifier (Entity ID) is required.");
      expect(result.errors.replyUrl).toBe("Reply URL is required.");
    }
  });

  it("accepts URN identifiers, refuses non-URIs", () => {
    expect(validateBasicSamlConfiguration({ ...VALID, identifier: "urn:mitel:sp:1" }, []).ok).toBe(true);
    expect(validateBasicSamlConfiguration({ ...VALID, identifier: "mitel sp" }, []).ok).toBe(false);
    expect(validateBasicSamlConfiguration({ ...VALID, identifier: "no-scheme" }, []).ok).toBe(false);
  });

  it("refuses an Identifier another application of the tenant uses", () => {
    const result = validateBasicSamlConfiguration(VALID, [
      { identifier: VALID.identifier, displayName: "Mitel Connect 2" },
    ]);
    expect(!result.ok && result.errors.identifier).toContain("Mitel Connect 2");
  });

  it("Sign on URL is optional but must be http(s); Logout URL follows the Reply URL rule", () => {
    expect(validateBasicSamlConfiguration({ ...VALID, signOnUrl: "" }, []).ok).toBe(true);
    expect(validateBasicSamlConfiguration({ ...VALID, signOnUrl: "http://sp.example/portal" }, []).ok).toBe(
      true,
    );
    expect(validateBasicSamlConfiguration({ ...VALID, signOnUrl: "javascript:alert(1)" }, []).ok).toBe(false);
    expect(validateBasicSamlConfiguration({ ...VALID, logoutUrl: "http://sp.example/logout" }, []).ok).toBe(
      false,
    );
    expect(validateBasicSamlConfiguration({ ...VALID, logoutUrl: "https://sp.example/logout" }, []).ok).toBe(
      true,
    );
  });

  it("ignores non-string input", () => {
    const result = validateBasicSamlConfiguration({ ...VALID, relayState: ["a", "b"] }, []);
    expect(result.ok && result.value.relayState).toBe("");
  });
});
