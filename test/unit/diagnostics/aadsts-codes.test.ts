import { describe, expect, it } from "vitest";
import { AADSTS_CODES, fillIn, findAadstsCode, lookupAadsts } from "../../../src/diagnostics/aadsts-codes.js";

const VALUES = {
  entityId: "https://sp/metadata",
  replyUrl: "https://sp/acs",
  signOnUrl: "https://sp/micloud/portal",
};

describe("AADSTS table", () => {
  it("covers the codes admins meet with Mitel Connect", () => {
    for (const code of ["50011", "700016", "50105", "75011", "75016", "7500529", "50003", "501241"]) {
      const entry = AADSTS_CODES[`AADSTS${code}`];
      expect(entry?.meaning, code).toBeTruthy();
      expect(entry?.fix, code).toBeTruthy();
    }
  });

  it("finds the code in Entra's StatusMessage", () => {
    expect(findAadstsCode("AADSTS50105: Your administrator has configured...\r\nTrace ID: x")).toBe(
      "AADSTS50105",
    );
    expect(findAadstsCode("no code here")).toBeNull();
    expect(findAadstsCode(null)).toBeNull();
  });

  it("fills in this account's values", () => {
    expect(lookupAadsts("AADSTS50011", VALUES)?.fix).toContain("add https://sp/acs exactly");
    expect(lookupAadsts("AADSTS700016", VALUES)?.fix).toContain("set it to https://sp/metadata exactly");
    expect(lookupAadsts("AADSTS1", VALUES)).toBeNull();
    expect(fillIn("{signOnUrl} {signOnUrl}", VALUES)).toBe(
      "https://sp/micloud/portal https://sp/micloud/portal",
    );
  });
});
