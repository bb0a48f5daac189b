import { z } from "zod";
import type { UserStatus } from "../domain/user.js";
import { AppError } from "../errors.js";
import { platformOf } from "../platforms/index.js";
import type { PlatformId } from "../platforms/platform-id.js";

/** What an admin (form, API or seed file) gives to create or edit a user. */
export interface UserInput {
  name?: string;
  firstName?: string;
  lastName?: string;
  email: string;
  username?: string;
  status?: UserStatus;
}

export interface NormalisedUser {
  name: string;
  firstName: string | null;
  lastName: string | null;
  email: string;
  username: string | null;
}

const email = z.string().trim().email();

function fieldError(field: string, message: string): AppError {
  return new AppError("INVALID_USER", message, { details: { field } });
}

/**
 * Applies the platform's user model: MiCloud has Name, Business Email Address and a Username
 * that defaults to the email; CloudLink has First and Last Name (Name derived) and Email.
 */
export function normaliseUserInput(platform: PlatformId, input: UserInput): NormalisedUser {
  const { userModel, wording } = platformOf(platform);
  const mail = (input.email ?? "").trim();
  if (!email.safeParse(mail).success) {
    throw fieldError("email", `${wording.emailField}: enter an email address such as B.Simon@contoso.com.`);
  }
  if (userModel === "name-and-username") {
    const name = (input.name ?? "").trim();
    if (!name) throw fieldError("name", "Name is required.");
    const username = (input.username ?? "").trim() || mail;
    if (/\s/.test(username)) throw fieldError("username", "Username cannot contain spaces.");
    return { name, firstName: null, lastName: null, email: mail, username };
  }
  const firstName = (input.firstName ?? "").trim();
  const lastName = (input.lastName ?? "").trim();
  if (!firstName) throw fieldError("firstName", "First Name is required.");
  if (!lastName) throw fieldError("lastName", "Last Name is required.");
  return { name: `${firstName} ${lastName}`, firstName, lastName, email: mail, username: null };
}
