import { describe, expect, it } from "vitest";
import { normaliseUserInput } from "../../../src/directory/user-input.js";

describe("user model per platform", () => {
  it("MiCloud: Username defaults to the Business Email Address", () => {
    expect(normaliseUserInput("micloud", { name: " Britta Simon ", email: " B.Simon@contoso.com " })).toEqual(
      {
        name: "Britta Simon",
        firstName: null,
        lastName: null,
        email: "B.Simon@contoso.com",
        username: "B.Simon@contoso.com",
      },
    );
  });

  it("MiCloud: keeps an explicit Username and refuses spaces in it", () => {
    expect(
      normaliseUserInput("micloud", { name: "B", email: "b@contoso.com", username: "bsimon" }).username,
    ).toBe("bsimon");
    expect(() =>
      normaliseUserInput("micloud", { name: "B", email: "b@contoso.com", username: "b simon" }),
    ).toThrow(/spaces/);
  });

  it("CloudLink: Name is derived from First and Last Name; there is no Username", () => {
    expect(
      normaliseUserInput("cloudlink", {
        firstName: "Britta",
        lastName: "Simon",
        email: "B.Simon@contoso.com",
      }),
    ).toEqual({
      name: "Britta Simon",
      firstName: "Britta",
      lastName: "Simon",
      email: "B.Simon@contoso.com",
      username: null,
    });
  });

  it.each([
    ["micloud", { name: "", email: "b@contoso.com" }, /Name is required/],
    ["micloud", { name: "B", email: "not-an-email" }, /Business Email Address: enter an email address/],
    ["cloudlink", { firstName: "", lastName: "S", email: "b@contoso.com" }, /First Name is required/],
    ["cloudlink", { firstName: "B", lastName: "", email: "b@contoso.com" }, /Last Name is required/],
    ["cloudlink", { firstName: "B", lastName: "S", email: "" }, /^Email: enter an email address/],
  ] as const)("%s refuses %o", (platform, input, message) => {
    expect(() => normaliseUserInput(platform, input)).toThrow(message);
  });
});
