import { describe, expect, it } from "vitest";
import {
  activationAdvice,
  guestHomeAddress,
  looseKey,
  statusWords,
} from "../../../src/diagnostics/user-near-miss.js";

describe("user matching helpers", () => {
  it("reads a guest's own address out of an #EXT# UPN", () => {
    expect(guestHomeAddress("gita_fabrikam.com#EXT#@contoso.onmicrosoft.com")).toBe("gita@fabrikam.com");
    expect(guestHomeAddress("first_last_fabrikam.co.uk#EXT#@contoso.onmicrosoft.com")).toBe(
      "first_last@fabrikam.co.uk",
    );
    expect(guestHomeAddress("B.Simon@contoso.com")).toBeNull();
  });

  it("compares loosely: case, every space, invisible and full-width characters", () => {
    expect(looseKey(" B.Simon @Contoso.com\u200b")).toBe("b.simon@contoso.com");
    expect(looseKey("Ｂ.Simon@contoso.com")).toBe("b.simon@contoso.com");
  });

  it("uses each portal's words for the status and the action", () => {
    expect(statusWords("pending", "micloud")).toBe("not activated yet");
    expect(statusWords("pending", "cloudlink")).toMatch(/Unregistered/);
    expect(statusWords("disabled", "cloudlink")).toBe("deactivated");
    expect(activationAdvice({ name: "Pat", status: "pending" }, "micloud")).toMatch(
      /^In the Mitel Account portal: Users > Pat > Activate/,
    );
    expect(activationAdvice({ name: "Pat", status: "disabled" }, "cloudlink")).toBe(
      "In the CloudLink Accounts portal: Users > Pat > Register, then sign in again.",
    );
  });
});
