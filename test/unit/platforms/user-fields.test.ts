import { describe, expect, it } from "vitest";
import { allPlatforms } from "../../../src/platforms/index.js";

/** The inputs the directory reads for each user model (src/directory/user-input.ts). */
const FIELDS_READ_BY_MODEL = {
  "name-and-username": ["name", "email", "username"],
  "first-and-last-name": ["firstName", "lastName", "email"],
} as const;

describe.each(allPlatforms().map((p) => [p.id, p] as const))("%s user form and table", (_id, platform) => {
  it("the form offers exactly the inputs its user model reads", () => {
    expect(platform.userFormFields.map((f) => f.name).sort()).toEqual(
      [...FIELDS_READ_BY_MODEL[platform.userModel]].sort(),
    );
  });

  it("the login field is labelled as on the sign-on page and shown as code in the table", () => {
    const input = platform.userFormFields.find((f) => f.name === platform.loginField);
    expect(input?.label).toBe(platform.loginLabel);
    const column = platform.userListColumns.find((c) => c.field === platform.loginField);
    expect(column).toEqual({ header: platform.loginLabel, field: platform.loginField, code: true });
  });

  it("the email input and column use the portal's name for the email field", () => {
    expect(platform.userFormFields.find((f) => f.name === "email")).toMatchObject({
      label: platform.wording.emailField,
      type: "email",
      required: true,
    });
    expect(platform.userListColumns.find((c) => c.field === "email")?.header).toBe(
      platform.wording.emailField,
    );
  });
});
