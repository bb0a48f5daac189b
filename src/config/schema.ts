import { z } from "zod";
import { keyPairProblem } from "../certificates/key-pair-check.js";
import { checkDisplayName, MAX_DISPLAY_NAME } from "../domain/display-name.js";
import { NAME_ID_POLICY_FORMATS } from "../domain/name-id-policy.js";
import { PLATFORM_IDS } from "../platforms/platform-id.js";
import { DEFAULT_MITEL_URLS, URL_PROFILE_IDS } from "../platforms/url-profile.js";

/** An absolute http(s) URL without a trailing slash (we append paths to it). */
const baseUrl = z
  .string()
  .trim()
  .refine((v) => /^https?:\/\/[^/\s]+(\/[^\s]*)?$/.test(v), "an absolute http:// or https:// URL")
  .transform((v) => v.replace(/\/+$/, ""));

const accountId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "lower-case letters, digits and dashes (2-63 characters)");

export const seedUserSchema = z
  .object({
    name: z.string().min(1).optional(),
    firstName: z.string().min(1).optional(),
    lastName: z.string().min(1).optional(),
    email: z.string().trim().email("an email address"),
    username: z.string().trim().min(1).optional(),
    status: z.enum(["pending", "active", "disabled"]).default("active"),
    password: z.string().min(8, "at least 8 characters").optional(),
  })
  .strict();

/**
 * An SP key pair of an account, as an export with includeKeys=1 writes it (the private key in
 * clear: such a file is a secret). Checked at start-up: the key must belong to the certificate.
 */
export const seedSpKeySchema = z
  .object({
    use: z.enum(["signing", "encryption"]),
    active: z.boolean().default(false),
    certificate: z.string(),
    privateKey: z.string(),
  })
  .strict()
  .superRefine((key, ctx) => {
    const problem = keyPairProblem(key.certificate, key.privateKey);
    if (problem) {
      const [field, message] = problem.split(": ");
      ctx.addIssue({ code: "custom", path: [field ?? "privateKey"], message: message ?? problem });
    }
  });

export const seedAccountSchema = z
  .object({
    id: accountId,
    platform: z.enum(PLATFORM_IDS),
    // The service's own rule (domain/display-name.ts), so a bad seed stops the start naming the key.
    displayName: z.string().refine((v) => checkDisplayName(v) === null, {
      message: `1 to ${MAX_DISPLAY_NAME} characters, not only spaces`,
    }),
    /** Fill Sign-in URL, Entity ID and certificate from the Entra simulator's app for this account. */
    ssoFromSimulator: z.boolean().default(false),
    sso: z
      .object({
        enabled: z.boolean().optional(),
        idpSignInUrl: z.string().optional(),
        idpEntityId: z.string().optional(),
        /** PEM text, as pasted in the portal (several allowed for CloudLink). */
        idpCertificate: z.string().optional(),
        mitelCredentialsAllowed: z.boolean().optional(),
        allowSha1: z.boolean().optional(),
        requireResponseSignature: z.boolean().optional(),
        integrationAdded: z.boolean().optional(),
        /** Mock only: ForceAuthn and the NameIDPolicy Format of the AuthnRequest. */
        forceAuthn: z.boolean().optional(),
        nameIdPolicyFormat: z.enum(NAME_ID_POLICY_FORMATS).optional(),
        /** Mock only: Entra's Logout URL; set = single sign-out (SP- and IdP-initiated). */
        idpLogoutUrl: z.string().max(2048).optional(),
        /** Mock only: sign AuthnRequests / accept encrypted assertions (a key pair is generated). */
        signAuthnRequests: z.boolean().optional(),
        encryptedAssertions: z.boolean().optional(),
      })
      .strict()
      .default({}),
    spEntityIdOverride: z.string().url().optional(),
    replyUrlOverride: z.string().url().optional(),
    /** The account's URL profile; unset = the instance's (urls.profile). */
    urlProfile: z.enum(URL_PROFILE_IDS).optional(),
    /**
     * The account's UUID, which its Mitel-shaped Identifier ends with; unset = a new one. An
     * export (GET /api/v1/export) writes it so Entra's values stay valid on the new instance.
     */
    uuid: z.uuid().optional(),
    /** Mock only: the account's SP key pairs (export with includeKeys=1); unset = generated when needed. */
    spKeys: z.array(seedSpKeySchema).optional(),
    users: z.array(seedUserSchema).default([]),
  })
  .strict();

export const seedFileSchema = z.object({ accounts: z.array(seedAccountSchema).default([]) }).strict();

const serverSchema = z
  .object({
    port: z.coerce.number().int().min(0).max(65535).default(3000),
    /** Unset: http(s)://localhost:<port> (see load-config.ts), so PORT alone is enough locally. */
    publicUrl: baseUrl.optional(),
    trustProxy: z.union([z.boolean(), z.number().int().min(0), z.string().min(1)]).default(false),
    clockSkewSeconds: z.coerce.number().int().min(0).max(3600).default(180),
    requestTtlMinutes: z.coerce.number().int().min(1).max(1440).default(10),
    sessionTtlHours: z.coerce
      .number()
      .min(0.1)
      .max(24 * 30)
      .default(8),
    sessionSecret: z.string().min(16, "at least 16 characters").optional(),
    tlsCertFile: z.string().min(1).optional(),
    tlsKeyFile: z.string().min(1).optional(),
    /** node:cluster worker processes sharing the port; 1 serves from the main process. */
    workers: z.coerce.number().int().min(1).max(64).default(1),
  })
  .strict();

const storageSchema = z
  .object({
    dataDir: z.string().min(1).default("./data"),
    databaseUrl: z
      .string()
      .regex(/^postgres(ql)?:\/\//, "a postgres:// or postgresql:// connection URL")
      .optional(),
  })
  .strict();

const adminSchema = z
  .object({
    password: z.string().min(8, "at least 8 characters").optional(),
    token: z.string().min(24, "at least 24 characters").optional(),
  })
  .strict();

const logSchema = z
  .object({ level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info") })
  .strict();

const signInsSchema = z
  .object({
    retentionDays: z.coerce.number().min(0.01).max(3650).default(14),
    maxPerAccount: z.coerce.number().int().min(1).max(1_000_000).default(1000),
    /** Failed sign-ins recorded per client address / per account in 10 minutes; the rest are answered, not stored. */
    failuresPerAddress: z.coerce.number().int().min(1).max(1_000_000).default(30),
    failuresPerAccount: z.coerce.number().int().min(1).max(1_000_000).default(120),
  })
  .strict();

const simulatorSchema = z
  .object({
    enabled: z.boolean().default(true),
    /** Defaults to publicUrl with localhost swapped for 127.0.0.1 (another site to the browser). */
    publicUrl: baseUrl.optional(),
    /** Gallery apps refuse Basic SAML values outside "Mitel Connect"'s patterns (urls.mitel), as Entra does. */
    enforceGalleryPatterns: z.boolean().default(false),
  })
  .strict();

/** URL profiles (src/platforms/url-profile.ts): the instance default and the Mitel-shaped URLs. */
const urlsSchema = z
  .object({
    profile: z.enum(URL_PROFILE_IDS).default("mock"),
    mitel: z
      .object({
        identifierBase: baseUrl.default(DEFAULT_MITEL_URLS.identifierBase),
        replyPath: z
          .string()
          .trim()
          .regex(/^\/[A-Za-z0-9._~/-]*$/, "a path starting with /, such as /consume")
          .default(DEFAULT_MITEL_URLS.replyPath),
        /** Sign-on URL per app: portal, teamwork (MiCloud Connect), accounts (CloudLink). */
        signOn: z
          .object({ portal: baseUrl.optional(), teamwork: baseUrl.optional(), accounts: baseUrl.optional() })
          .strict()
          .default({}),
      })
      .strict()
      .default({ ...DEFAULT_MITEL_URLS, signOn: {} }),
  })
  .strict();

export const configSchema = z
  .object({
    server: serverSchema.default(serverSchema.parse({})),
    storage: storageSchema.default(storageSchema.parse({})),
    admin: adminSchema.default({}),
    log: logSchema.default(logSchema.parse({})),
    signIns: signInsSchema.default(signInsSchema.parse({})),
    simulator: simulatorSchema.default(simulatorSchema.parse({})),
    urls: urlsSchema.default(urlsSchema.parse({})),
    /** Seed files (accounts and users as code), applied idempotently at start-up. */
    seeds: z.array(z.string().min(1)).default([]),
  })
  .strict();

export type ParsedConfig = z.output<typeof configSchema>;
export type SeedFile = z.output<typeof seedFileSchema>;
export type SeedAccount = z.output<typeof seedAccountSchema>;
export type SeedUser = z.output<typeof seedUserSchema>;
