/** The overview's forms: a new member user, an invited guest, a new enterprise application. */
import type { Request } from "express";
import { findUserByUpn, type SimApp, type SimTenant } from "../../state/model.js";
import type { NewUserInput } from "../../state/simulator-state.js";
import { bodyField } from "../form-fields.js";

export interface NewUserForm {
  values: Record<Exclude<keyof NewUserInput, "userType">, string>;
  errors: Partial<Record<Exclude<keyof NewUserInput, "userType">, string>>;
}

export function readNewUser(req: Request, tenant: SimTenant): NewUserForm {
  const values = {
    userPrincipalName: (bodyField(req, "userPrincipalName") ?? "").trim(),
    displayName: (bodyField(req, "displayName") ?? "").trim(),
    givenName: (bodyField(req, "givenName") ?? "").trim(),
    surname: (bodyField(req, "surname") ?? "").trim(),
    mail: (bodyField(req, "mail") ?? "").trim(),
  };
  const errors: NewUserForm["errors"] = {};
  const domain = tenant.primaryDomain.toLowerCase();
  const match = /^([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9.-]+)$/.exec(values.userPrincipalName);
  if (!match) {
    errors.userPrincipalName = `Enter a user principal name such as J.Doe@${tenant.primaryDomain}.`;
  } else if (match[2]?.toLowerCase() !== domain) {
    errors.userPrincipalName = `The domain must be a verified domain of this tenant: ${tenant.primaryDomain}.`;
  } else if (findUserByUpn(tenant, values.userPrincipalName)) {
    errors.userPrincipalName = "Another user already has this user principal name.";
  }
  if (values.displayName === "" || values.displayName.length > 256) {
    errors.displayName = "Display name is required (at most 256 characters).";
  }
  if (values.givenName.length > 64) errors.givenName = "At most 64 characters.";
  if (values.surname.length > 64) errors.surname = "At most 64 characters.";
  if (values.mail !== "" && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.mail)) {
    errors.mail = "Enter a valid email address, or leave it empty to use the user principal name.";
  }
  return { values, errors };
}

/** The tenant's initial domain, where guests' UPNs live: contoso.com → contoso.onmicrosoft.com. */
export function initialDomain(tenant: SimTenant): string {
  return `${tenant.primaryDomain.split(".")[0] ?? "tenant"}.onmicrosoft.com`;
}

/** Entra's guest UPN: the invited address with "_" for "@", then #EXT#@ the initial domain. */
export function guestUpn(email: string, tenant: SimTenant): string {
  return `${email.replace("@", "_")}#EXT#@${initialDomain(tenant)}`;
}

export interface GuestForm {
  values: { email: string; displayName: string };
  errors: Partial<Record<"email" | "displayName", string>>;
}

export function readGuest(req: Request, tenant: SimTenant): GuestForm {
  const values = {
    email: (bodyField(req, "email") ?? "").trim(),
    displayName: (bodyField(req, "displayName") ?? "").trim(),
  };
  const errors: GuestForm["errors"] = {};
  const match = /^([A-Za-z0-9._%+-]{1,64})@([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/.exec(values.email);
  if (!match) {
    errors.email = "Enter the email address of the person to invite, such as jane@fabrikam.com.";
  } else if (match[2]?.toLowerCase() === tenant.primaryDomain.toLowerCase()) {
    errors.email = `${tenant.primaryDomain} is this tenant's own domain: create a member user instead.`;
  } else if (findUserByUpn(tenant, guestUpn(values.email, tenant))) {
    errors.email = "This person is already a guest of this tenant.";
  }
  if (values.displayName.length > 256) errors.displayName = "At most 256 characters.";
  return { values, errors };
}

export interface NewAppForm {
  values: { displayName: string; kind: string };
  errors: Partial<Record<"displayName" | "kind", string>>;
}

/** "Mitel Connect" from the gallery, or "Create your own application" (non-gallery). */
export function readNewApp(req: Request): NewAppForm & { galleryApp?: SimApp["galleryApp"] } {
  const values = {
    displayName: (bodyField(req, "displayName") ?? "").trim(),
    kind: bodyField(req, "kind") ?? "",
  };
  const errors: NewAppForm["errors"] = {};
  if (values.kind !== "gallery" && values.kind !== "non-gallery") {
    errors.kind = "Choose Mitel Connect from the gallery, or Create your own application.";
  }
  if (values.displayName === "" || values.displayName.length > 256) {
    errors.displayName = "Enter the name of the application (at most 256 characters).";
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return { values, errors, galleryApp: values.kind === "gallery" ? "Mitel Connect" : null };
}
