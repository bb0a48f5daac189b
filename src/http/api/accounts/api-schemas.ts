import { z } from "zod";
import { PLATFORM_IDS } from "../../../platforms/index.js";

const text = (max: number) => z.string().max(max);

export const createAccountBody = z.strictObject({
  id: text(100),
  platform: z.enum(PLATFORM_IDS),
  displayName: text(1000),
  spEntityIdOverride: text(4096).nullable().optional(),
  replyUrlOverride: text(4096).nullable().optional(),
  /** "mock" or "mitel"; null or absent = the instance's (config urls.profile). */
  urlProfile: text(20).nullable().optional(),
});

export const patchAccountBody = z.strictObject({
  displayName: text(1000).optional(),
  spEntityIdOverride: text(4096).nullable().optional(),
  replyUrlOverride: text(4096).nullable().optional(),
  urlProfile: text(20).nullable().optional(),
  allowSha1: z.boolean().optional(),
  requireResponseSignature: z.boolean().optional(),
});

/**
 * PUT replaces the SSO settings as a whole (absent fields are empty / off), exactly as the form
 * would save them. Certificates as pasted text (`idpCertificate`, several one after another where
 * the platform allows) or as a list (`idpCertificates`), not both.
 */
export const putSsoBody = z
  .strictObject({
    enabled: z.boolean().default(false),
    idpSignInUrl: text(8192).default(""),
    idpEntityId: text(8192).default(""),
    idpCertificate: text(512 * 1024).optional(),
    idpCertificates: z
      .array(text(64 * 1024))
      .max(20)
      .optional(),
    mitelCredentialsAllowed: z.boolean().default(false),
    allowSha1: z.boolean().optional(),
    requireResponseSignature: z.boolean().optional(),
  })
  .refine((body) => body.idpCertificate === undefined || body.idpCertificates === undefined, {
    message: "send idpCertificate (pasted text) or idpCertificates (a list), not both",
    path: ["idpCertificates"],
  });

const status = z.enum(["pending", "active", "disabled"]);

export const createUserBody = z.strictObject({
  name: text(500).optional(),
  firstName: text(500).optional(),
  lastName: text(500).optional(),
  email: text(500),
  username: text(500).optional(),
  status: status.optional(),
  password: text(1024).optional(),
});

export const patchUserBody = z.strictObject({
  name: text(500).optional(),
  firstName: text(500).optional(),
  lastName: text(500).optional(),
  email: text(500).optional(),
  username: text(500).optional(),
  status: status.optional(),
  /** A string sets the password, null clears it. */
  password: text(1024).nullable().optional(),
});
