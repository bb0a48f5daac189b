import { z } from "zod";
import { NAME_ID_POLICY_FORMATS } from "../../../domain/name-id-policy.js";
import { PLATFORM_IDS } from "../../../platforms/index.js";

/**
 * What /api/v1 answers, as zod schemas: the OpenAPI document is generated from them, and
 * accountJson/userJson are typed by them so a field added to one without the other fails to build.
 */

const isoTime = z.string().meta({ format: "date-time" });

export const fieldProblem = z.object({ field: z.string(), message: z.string() });

export const errorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: "Stable, machine-readable code such as INVALID_BODY." }),
      message: z.string(),
      fix: z.string().optional(),
      field: z.string().optional().meta({ description: "The field a service refusal concerns." }),
      fields: z.array(fieldProblem).optional().meta({ description: "Every invalid field at once (400)." }),
      traceId: z.string().optional(),
    }),
    warnings: z.array(fieldProblem).optional(),
  })
  .meta({
    id: "Error",
    examples: [
      {
        error: {
          code: "INVALID_BODY",
          message: "The request body has invalid fields.",
          fields: [{ field: "platform", message: 'Invalid option: expected one of "micloud"|"cloudlink"' }],
        },
      },
    ],
  });

const certificateView = z.object({
  subject: z.string(),
  issuer: z.string(),
  sha1Thumbprint: z.string(),
  sha256Thumbprint: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  state: z.enum(["valid", "expiring", "expired", "not-yet-valid"]),
  daysToExpiry: z.number(),
  pem: z.string(),
});

const checklistStep = z.object({
  key: z.string(),
  label: z.string(),
  state: z.string(),
  detail: z.string(),
  href: z.string().optional(),
  failureCode: z.string().nullable().optional(),
  traceId: z.string().optional(),
});

export const accountResponse = z
  .object({
    id: z.string(),
    platform: z.enum(PLATFORM_IDS),
    displayName: z.string(),
    ssoState: z.enum(["enabled", "configured", "not-set-up"]),
    sso: z.object({
      enabled: z.boolean(),
      idpSignInUrl: z.string(),
      idpEntityId: z.string(),
      idpCertificates: z.array(certificateView),
      mitelCredentialsAllowed: z.boolean(),
      allowSha1: z.boolean(),
      requireResponseSignature: z.boolean(),
      integrationAdded: z.boolean(),
      forceAuthn: z.boolean(),
      nameIdPolicyFormat: z.enum(NAME_ID_POLICY_FORMATS),
      idpLogoutUrl: z
        .string()
        .meta({ description: 'Mock only: Entra\'s Logout URL; "" = single sign-out off' }),
      signAuthnRequests: z.boolean(),
      encryptedAssertions: z.boolean(),
    }),
    spEntityIdOverride: z.string().nullable(),
    replyUrlOverride: z.string().nullable(),
    uuid: z.string(),
    urlProfile: z.string().nullable().meta({ description: "As set on the account; null = the instance's." }),
    effectiveUrlProfile: z.enum(["mitel", "mock"]),
    sp: z.object({
      entityId: z.string(),
      replyUrl: z.string(),
      metadataUrl: z.string(),
      signOnUrls: z.array(z.object({ key: z.string(), name: z.string(), url: z.string() })),
    }),
    userCount: z.number().int(),
    latestSignIn: z
      .object({
        traceId: z.string(),
        at: isoTime,
        outcome: z.enum(["started", "success", "failure"]),
        failureCode: z.string().nullable(),
      })
      .nullable(),
    checklist: z.object({ steps: z.array(checklistStep), ready: z.boolean() }),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "Account" });

export const accountWithWarningsResponse = accountResponse
  .extend({ warnings: z.array(fieldProblem) })
  .meta({ id: "AccountWithWarnings" });

export const accountListResponse = z.object({ accounts: z.array(accountResponse) });

export const userResponse = z
  .object({
    id: z.string(),
    accountId: z.string(),
    name: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    email: z.string(),
    username: z.string().nullable(),
    status: z.enum(["pending", "active", "disabled"]),
    hasPassword: z.boolean(),
    createdAt: isoTime,
    updatedAt: isoTime,
  })
  .meta({ id: "User" });

export const userListResponse = z.object({ users: z.array(userResponse) });

export const signInSummaryResponse = z
  .looseObject({
    traceId: z.string(),
    at: isoTime,
    outcome: z.enum(["started", "success", "failure"]),
    code: z.string().nullable(),
    cause: z.string().nullable(),
    fix: z.string().nullable(),
    nameId: z.string().nullable(),
    requestId: z.string().nullable(),
    stoppedAtEntra: z.boolean(),
  })
  .meta({ id: "SignInSummary" });

export const signInListResponse = z.object({
  accountId: z.string(),
  limit: z.number().int(),
  offset: z.number().int(),
  signIns: z.array(signInSummaryResponse),
});

export const signInDetailResponse = signInSummaryResponse
  .extend({
    nameIdFormat: z.string().nullable(),
    userId: z.string().nullable(),
    relayState: z.string().nullable(),
    answeredBy: z.array(z.string()),
    startedTraceId: z.string().nullable(),
    lastSuccessTraceId: z.string().nullable(),
    samlResponse: z.string().nullable(),
    authnRequest: z
      .object({
        binding: z.string(),
        destination: z.string(),
        signed: z.boolean(),
        sigAlg: z.string().nullable(),
        xml: z.string().nullable(),
      })
      .nullable()
      .meta({ description: "The AuthnRequest that started the sign-in, as sent; null when not kept." }),
  })
  .meta({
    id: "SignInDetail",
    description:
      "Also client, stage, diagnosis, response, matchedUser, xml and truncated, as the sign-in page shows them.",
  });

export const analyzeResponseBody = z
  .looseObject({ accountId: z.string() })
  .meta({ description: "The same verdicts as the console's Analyze page." });

export const openApiDocumentResponse = z.looseObject({ openapi: z.string(), info: z.looseObject({}) });

export const seedFileResponse = z.string().meta({
  description: "YAML text; its header comment says what it leaves out (passwords, sign-ins, simulator keys).",
});

/** An SP key pair of an account (mock only), without its private key. */
export const spKeyResponse = z
  .object({
    id: z.string(),
    use: z.enum(["signing", "encryption"]),
    active: z.boolean().meta({ description: "Signs the AuthnRequests / named first in SP metadata" }),
    subject: z.string(),
    sha1Thumbprint: z.string(),
    validFrom: isoTime,
    validTo: isoTime,
    createdAt: isoTime,
    certificateUrl: z.string().meta({ description: "The certificate as a Base64 .cer, for Entra's upload" }),
  })
  .meta({ id: "SpKey" });

export const spKeyListResponse = z.object({ keys: z.array(spKeyResponse) });

export const certificateFileResponse = z.string().meta({
  description: "The certificate, PEM armour with CRLF line ends (a Base64 .cer as Entra's uploads take it).",
});
