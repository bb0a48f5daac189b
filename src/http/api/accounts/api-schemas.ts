import { z } from "zod";
import { NAME_ID_POLICY_FORMATS } from "../../../domain/name-id-policy.js";
import { PLATFORM_IDS } from "../../../platforms/index.js";

const text = (max: number) => z.string().max(max);

/** Mock-only AuthnRequest options (no Mitel setting): ForceAuthn and the NameIDPolicy Format. */
const forceAuthn = z
  .boolean()
  .optional()
  .meta({ description: 'Mock only: ForceAuthn="true" in the AuthnRequest' });
const nameIdPolicyFormat = z
  .enum(NAME_ID_POLICY_FORMATS)
  .optional()
  .meta({ description: "Mock only: the AuthnRequest's NameIDPolicy Format (default unspecified)" });

/** Mock-only single sign-out: Entra's Logout URL ("" turns it off). */
const idpLogoutUrl = z.string().max(2048).optional().meta({
  description:
    'Mock only: Entra\'s Logout URL (https://login.microsoftonline.com/{tenant}/saml2); set = single sign-out in both directions, "" = sign-out stays local',
});
/** Mock-only SP keys: signed AuthnRequests and encrypted assertions (a key pair is generated when on). */
const signAuthnRequests = z.boolean().optional().meta({
  description:
    "Mock only: sign AuthnRequests (HTTP-Redirect SigAlg/Signature, RSA-SHA256) with the account's active signing key",
});
const encryptedAssertions = z.boolean().optional().meta({
  description:
    "Mock only: publish the account's encryption certificate in SP metadata and decrypt an EncryptedAssertion",
});

export const createAccountBody = z
  .strictObject({
    id: text(100),
    platform: z.enum(PLATFORM_IDS),
    displayName: text(1000),
    spEntityIdOverride: text(4096).nullable().optional(),
    replyUrlOverride: text(4096).nullable().optional(),
    /** "mock" or "mitel"; null or absent = the instance's (config urls.profile). */
    urlProfile: text(20).nullable().optional(),
  })
  .meta({
    id: "CreateAccount",
    examples: [{ id: "ci-micloud", platform: "micloud", displayName: "CI MiCloud" }],
  });

export const patchAccountBody = z
  .strictObject({
    displayName: text(1000).optional(),
    spEntityIdOverride: text(4096).nullable().optional(),
    replyUrlOverride: text(4096).nullable().optional(),
    urlProfile: text(20).nullable().optional(),
    allowSha1: z.boolean().optional(),
    requireResponseSignature: z.boolean().optional(),
    forceAuthn,
    nameIdPolicyFormat,
    idpLogoutUrl,
    signAuthnRequests,
    encryptedAssertions,
  })
  .meta({
    id: "PatchAccount",
    examples: [
      { displayName: "CI MiCloud (renamed)", allowSha1: false },
      { forceAuthn: true, nameIdPolicyFormat: "persistent" },
      { signAuthnRequests: true, encryptedAssertions: true },
    ],
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
    forceAuthn,
    nameIdPolicyFormat,
    idpLogoutUrl,
  })
  .refine((body) => body.idpCertificate === undefined || body.idpCertificates === undefined, {
    message: "send idpCertificate (pasted text) or idpCertificates (a list), not both",
    path: ["idpCertificates"],
  })
  .meta({
    id: "SsoSettings",
    examples: [
      {
        enabled: true,
        idpSignInUrl: "https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/saml2",
        idpEntityId: "https://sts.windows.net/00000000-0000-0000-0000-000000000000/",
        idpCertificates: ["-----BEGIN CERTIFICATE-----\nMIIC…\n-----END CERTIFICATE-----"],
        mitelCredentialsAllowed: false,
      },
    ],
  });

const status = z.enum(["pending", "active", "disabled"]);

export const createUserBody = z
  .strictObject({
    name: text(500).optional(),
    firstName: text(500).optional(),
    lastName: text(500).optional(),
    email: text(500),
    username: text(500).optional(),
    status: status.optional(),
    password: text(1024).optional(),
  })
  .meta({
    id: "CreateUser",
    examples: [
      {
        name: "Britta Simon",
        email: "B.Simon@contoso.com",
        username: "B.Simon@contoso.com",
        status: "active",
      },
    ],
  });

export const patchUserBody = z
  .strictObject({
    name: text(500).optional(),
    firstName: text(500).optional(),
    lastName: text(500).optional(),
    email: text(500).optional(),
    username: text(500).optional(),
    status: status.optional(),
    /** A string sets the password, null clears it. */
    password: text(1024).nullable().optional(),
  })
  .meta({ id: "PatchUser", examples: [{ status: "disabled" }, { password: null }] });

/** GET /accounts/:id/users: a search text and a status; other parameters are ignored. */
export const userListQuery = z.object({
  q: text(10_000)
    .optional()
    .meta({ description: "Search in name, email and username (first 200 characters)." }),
  status: status.optional(),
});

/** GET /accounts/:id/sign-ins: the log's filters as text; sign-in-query.ts reads their meaning. */
export const signInListQuery = z.object({
  outcome: z.string().optional().meta({ description: "started, success or failure" }),
  code: z.string().optional().meta({ description: "A failure code, e.g. AUDIENCE_MISMATCH" }),
  since: z.string().optional().meta({ description: "ISO 8601 time, a date, or epoch milliseconds" }),
  until: z.string().optional().meta({ description: "ISO 8601 time, a date, or epoch milliseconds" }),
  limit: z.string().optional().meta({ description: "1 to 200, default 50" }),
  offset: z.string().optional().meta({ description: "default 0" }),
});

/** POST /accounts/:id/analyze: a SAMLResponse as Entra posted it (base64), checked as of `at`. */
export const analyzeBody = z
  .object({
    samlResponse: z.string().optional(),
    SAMLResponse: z
      .string()
      .optional()
      .meta({ description: "Alias of samlResponse, as the form field is named." }),
    at: z
      .union([z.string(), z.number()])
      .nullable()
      .optional()
      .meta({ description: "ISO 8601 time or epoch milliseconds; absent = now." }),
  })
  .meta({
    id: "AnalyzeRequest",
    examples: [{ samlResponse: "PHNhbWxwOlJlc3BvbnNlIC4uLg==", at: "2026-11-26T10:00:00Z" }],
  });

/** GET /export: `download=1` asks for it as a file (Content-Disposition: attachment). */
export const exportQuery = z.object({
  download: z.enum(["0", "1"]).optional().meta({ description: "1: send as a .yaml attachment" }),
  includeKeys: z.enum(["0", "1"]).optional().meta({
    description:
      "1: include the accounts' SP key pairs, private keys in clear (mock only; keep the file secret)",
  }),
});

/** A new SP key pair (mock only): what it is for. */
export const createSpKeyBody = z
  .strictObject({
    use: z.enum(["signing", "encryption"]).meta({
      description: "signing: AuthnRequest signatures; encryption: decrypting EncryptedAssertions",
    }),
  })
  .meta({ id: "CreateSpKey", examples: [{ use: "signing" }] });
