import type { AccountRecord } from "../domain/account.js";
import type { AuthnRequestRecord } from "../domain/authn-request.js";
import type { SamlFailure } from "../errors.js";
import { defaultFix, type FailureCode } from "../failure-codes.js";
import { platformOf } from "../platforms/index.js";
import { certificateLabel } from "./certificate-summary.js";
import { describeSeconds } from "./time-facts.js";
import type {
  AadstsInfo,
  Expectations,
  NearMiss,
  SignatureInfo,
  TimeFacts,
  UserMatchInfo,
  Verdict,
} from "./types.js";
import { activationAdvice, statusWords } from "./user-near-miss.js";

export interface Explanation {
  cause: string;
  fix: string;
  hints: string[];
}

export interface ExplainContext {
  code: FailureCode;
  account: AccountRecord;
  /** What the ACS said, when it decided (its reason is the fallback cause). */
  failure: SamlFailure | null;
  expectations: Expectations;
  verdicts: Verdict[];
  signature: SignatureInfo | null;
  times: TimeFacts | null;
  aadsts: AadstsInfo | null;
  userMatch: UserMatchInfo | null;
  /** The account's default Sign-on URL (where SP-initiated SSO starts). */
  signOnUrl: string;
  /** The request the response answers, read without consuming it. */
  request: AuthnRequestRecord | null;
  requestTtlMinutes: number;
  /** Epoch ms the response was evaluated at. */
  at: number;
  /** "analyze": the reader is on the Analyze page already (no advice to go there). */
  mode?: "acs" | "analyze";
}

type Explainer = (c: ExplainContext) => Explanation;

const verdictOf = (c: ExplainContext, id: string) => c.verdicts.find((v) => v.id === id);
const failedOf = (c: ExplainContext, code: FailureCode) =>
  c.verdicts.find((v) => v.code === code && v.status === "fail");

function withMistake(fix: string, hint: string | undefined): string {
  return hint ? `${fix} Likely mistake: ${hint}` : fix;
}

function wordingOf(c: ExplainContext) {
  return platformOf(c.account.platform).wording;
}

const identifierFixes = {
  audience(c: ExplainContext): Explanation {
    const v = failedOf(c, "AUDIENCE_MISMATCH");
    const w = wordingOf(c);
    const actual = v?.actual ?? c.failure?.actual ?? "(none)";
    return {
      cause: `The assertion is for the Identifier ${actual}, but this account's Mitel Identifier (Entity ID) is ${c.expectations.spEntityId}.`,
      fix: withMistake(
        `In Entra: Mitel Connect > Single sign-on > Basic SAML Configuration > Identifier (Entity ID): set ${c.expectations.spEntityId} (copy it from Mitel Identifier (Entity ID) in the ${w.portalName}, ${w.settingsScreen}).`,
        v?.hint,
      ),
      hints: v?.hint ? [`Audience: ${v.hint}`] : [],
    };
  },
  issuer(c: ExplainContext): Explanation {
    const v = failedOf(c, "ISSUER_MISMATCH");
    const w = wordingOf(c);
    const actual = v?.actual ?? c.failure?.actual ?? "(none)";
    return {
      cause: `The response was issued by ${actual}, but this account's ${w.idpEntityIdField} is ${c.expectations.idpEntityId || "(empty)"}.`,
      fix: withMistake(
        `In Entra: Mitel Connect > Single sign-on > Set up Mitel Connect, copy Microsoft Entra Identifier (https://sts.windows.net/<tenant-id>/, with its trailing slash) into ${w.idpEntityIdField} in the ${w.portalName} (${w.settingsScreen}) and Save.`,
        v?.hint,
      ),
      hints: v?.hint ? [`Issuer: ${v.hint}`] : [],
    };
  },
  replyUrl(code: "DESTINATION_MISMATCH" | "RECIPIENT_MISMATCH") {
    return (c: ExplainContext): Explanation => {
      const v = failedOf(c, code);
      const w = wordingOf(c);
      const what =
        code === "DESTINATION_MISMATCH" ? "the response's Destination" : "the assertion's Recipient";
      const actual = v?.actual ?? c.failure?.actual ?? "(none)";
      return {
        cause: `Entra addressed ${what} to ${actual}, but this account's Reply URL is ${c.expectations.replyUrl}.`,
        fix: withMistake(
          `In Entra: Mitel Connect > Single sign-on > Basic SAML Configuration > Reply URL (Assertion Consumer Service URL): set ${c.expectations.replyUrl} and mark it Default (copy it from Reply URL (Assertion Consumer Service URL) in the ${w.portalName}).`,
          v?.hint,
        ),
        hints: v?.hint ? [`${code === "DESTINATION_MISMATCH" ? "Destination" : "Recipient"}: ${v.hint}`] : [],
      };
    };
  },
};

function certificateMismatch(c: ExplainContext): Explanation {
  const w = wordingOf(c);
  const sig = c.signature;
  const signedWith = sig?.keyInfoCertificate;
  const trusted = sig?.configuredCertificates ?? [];
  const trustedText = trusted.length > 0 ? trusted.map(certificateLabel).join(" and ") : "no certificate";
  const hints: string[] = [];
  if (signedWith && trusted.length > 0 && trusted.every((t) => t.validFrom < signedWith.validFrom)) {
    hints.push(
      `The certificate in the signature (valid from ${signedWith.validFrom.slice(0, 10)}) is newer than every certificate pasted here. If you created a new certificate in Entra and made it Active (a rollover), paste it here too; if you did not, the response was signed with a certificate this account was never given.`,
    );
  }
  for (const t of trusted.filter((t) => t.validityState === "expired")) {
    hints.push(`The configured certificate ${t.sha1Thumbprint} ${t.validity}.`);
  }
  const rollover = platformOf(c.account.platform).allowsMultipleCertificates
    ? ` ${w.productName} accepts several certificates: during a rollover paste the new one after the current one.`
    : "";
  return {
    cause: signedWith
      ? `Entra signed with certificate ${certificateLabel(signedWith)}; this account trusts ${trustedText}.`
      : `The response was signed with a certificate this account does not trust; this account trusts ${trustedText}.`,
    fix: `In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate, download Certificate (Base64) and paste it into ${w.certificateField} here (${w.settingsScreen}); or, if you just created a new certificate in Entra, make it active only after pasting it.${rollover}`,
    hints,
  };
}

function signatureInvalid(c: ExplainContext): Explanation {
  const placement = verdictOf(c, "signature-placement");
  const algorithm = verdictOf(c, "algorithm");
  if (placement?.status === "fail") {
    return {
      cause: `The response has signatures in unexpected places (${placement.actual}); Entra never sends that.`,
      fix: "This response was not produced by Entra as is, or was altered on the way. Sign in again from the Sign-on URL; if it persists, capture the response and use Analyze.",
      hints: [],
    };
  }
  if (algorithm?.status === "fail" && algorithm.code === "SIGNATURE_INVALID") {
    return {
      cause: `The signature uses an algorithm this service does not accept (${algorithm.actual}).`,
      fix: "In Entra: SAML Signing Certificate > Signing Algorithm: choose SHA-256.",
      hints: [],
    };
  }
  const sig = c.signature;
  if (sig?.keyInfoCertificate && sig.keyInfoMatchesConfigured) {
    return {
      cause: `The signature does not verify, although it names the configured certificate ${sig.keyInfoCertificate.sha1Thumbprint}: the response was changed after Entra signed it.`,
      fix: "Nothing to change in the settings: something between Entra and this service altered the response (a proxy, a browser extension, or an edited capture). Sign in again from the Sign-on URL; if it keeps failing, capture the response with SAML-tracer and use Analyze.",
      hints: [`Signature verification said: ${sig.verificationDetail}.`],
    };
  }
  return {
    cause: c.failure?.reason ?? "The signature does not verify with the configured signing certificate(s).",
    fix: defaultFix("SIGNATURE_INVALID", wordingOf(c)),
    hints: sig ? [`Signature verification said: ${sig.verificationDetail}.`] : [],
  };
}

function signatureMissing(c: ExplainContext): Explanation {
  const signed = c.signature?.signedElement ?? "none";
  if (signed === "assertion" && c.expectations.requireResponseSignature) {
    return {
      cause: "Entra signed only the assertion; this account requires the Response to be signed as well.",
      fix: "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate > Signing Option: choose Sign SAML response and assertion. Or, if Entra's default (Sign SAML assertion) is what you want, clear Require a signed Response in this account's settings.",
      hints: [],
    };
  }
  return signed === "response"
    ? {
        cause: "Entra signed only the Response, not the assertion.",
        fix: "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate > Signing Option: choose Sign SAML assertion (Entra's default) or Sign SAML response and assertion.",
        hints: [],
      }
    : {
        cause: "The response carries no signature at all.",
        fix: defaultFix("SIGNATURE_MISSING", wordingOf(c)),
        hints: [],
      };
}

function weakAlgorithm(c: ExplainContext): Explanation {
  const v = failedOf(c, "WEAK_SIGNATURE_ALGORITHM");
  return {
    cause: `Entra signed with SHA-1 (${v?.actual ?? "RSA-SHA1"}), which this account does not accept.`,
    fix: "In Entra: Mitel Connect > Single sign-on > SAML Signing Certificate > Signing Algorithm: choose SHA-256. Or, if SHA-1 must stay, allow it in this account's settings (Entra signing algorithm is SHA-1).",
    hints: [],
  };
}

function timeWindow(kind: "expired" | "not-yet-valid"): Explainer {
  return (c) => {
    const t = c.times;
    if (!t)
      return {
        cause: c.failure?.reason ?? defaultFix("ASSERTION_EXPIRED", wordingOf(c)),
        fix: defaultFix("ASSERTION_EXPIRED", wordingOf(c)),
        hints: [],
      };
    const offset = t.issuedOffsetSeconds;
    const clock =
      offset === null
        ? ""
        : ` The response was issued at ${t.issueInstant}, this service's clock read ${t.evaluatedAt}: a difference of ${offset} seconds (${offset > 0 ? "Entra's clock is ahead of this server's" : offset < 0 ? "this server's clock is ahead of Entra's, or the response is old" : "none"}).`;
    if (kind === "expired") {
      const failed = failedOf(c, "ASSERTION_EXPIRED");
      const applies = failed?.actual ?? "";
      const when = /\d{4}-\d\d-\d\dT[^ ,]+/.exec(applies)?.[0] ?? null;
      const past = when ? Math.round((c.at - Date.parse(when)) / 1000) : (t.secondsPastNotOnOrAfter ?? 0);
      const limit = applies || t.notOnOrAfter || t.confirmationNotOnOrAfter || "(none)";
      return {
        cause: when
          ? `The assertion expired at ${when} (${limit.replace(` ${when}`, "")}), ${describeSeconds(past)} before ${t.evaluatedAt} (allowed clock skew ${t.allowedSkewSeconds} s).`
          : `The assertion has no usable time window (${limit}) at ${t.evaluatedAt}.`,
        fix: `Sign in again from the Sign-on URL ${c.signOnUrl}: Entra's assertions are valid for about an hour. If a fresh sign-in fails the same way, this server's clock is wrong: synchronise it (NTP).${clock}`,
        hints: [`Clock difference (IssueInstant − this server's time): ${offset ?? "unknown"} seconds.`],
      };
    }
    const ahead = t.secondsBeforeNotBefore ?? 0;
    // Issued "now" by a clock that agrees with ours, yet valid only later: not a clock problem.
    const clocksAgree = offset !== null && Math.abs(offset) <= t.allowedSkewSeconds;
    return {
      cause: `The assertion is valid only from ${t.notBefore}, ${describeSeconds(ahead)} after this service's time ${t.evaluatedAt} (allowed clock skew ${t.allowedSkewSeconds} s).`,
      fix: clocksAgree
        ? `The clocks agree (the response was issued at ${t.issueInstant}, this service's clock read ${t.evaluatedAt}), but its NotBefore lies after its IssueInstant, which Entra never does (it sets NotBefore 5 minutes before): this response was not shaped by Entra. Sign in again from the Sign-on URL ${c.signOnUrl}.`
        : `This server's clock is behind Entra's: synchronise it (NTP), then sign in again. Entra sets NotBefore 5 minutes before it issues the response, so the clocks differ by more than 5 minutes plus the allowed skew.${clock}`,
      hints: [`Clock difference (IssueInstant − this server's time): ${offset ?? "unknown"} seconds.`],
    };
  };
}

function idpError(c: ExplainContext): Explanation {
  const a = c.aadsts;
  if (a?.code && a.meaning) {
    return {
      cause: `Entra answered with ${a.code} instead of signing the user in: ${a.meaning}`,
      fix: a.fix ?? defaultFix("IDP_ERROR_STATUS", wordingOf(c)),
      hints: a.message ? [`Entra's message: ${a.message}`] : [],
    };
  }
  return {
    cause: a?.code
      ? `Entra answered with ${a.code} instead of signing the user in.`
      : `The identity provider answered with status ${a?.statusCode?.split(":").pop() ?? "(none)"} instead of Success.`,
    fix: a?.code
      ? `Look ${a.code} up in Entra's sign-in logs (Entra admin center > Monitoring > Sign-in logs) for the reason; ${defaultFix("IDP_ERROR_STATUS", wordingOf(c))}`
      : defaultFix("IDP_ERROR_STATUS", wordingOf(c)),
    hints: a?.message ? [`Message: ${a.message}`] : [],
  };
}

function unsolicited(c: ExplainContext): Explanation {
  const signedOnly = verdictOf(c, "in-response-to")?.status === "pass";
  return {
    cause: signedOnly
      ? "The signed assertion answers no request: an IdP-initiated response that claims otherwise in its envelope."
      : "The response answers no request: the sign-in was started at Entra (IdP-initiated), and Mitel Connect supports SP-initiated SSO only.",
    fix: `Start from the Sign-on URL ${c.signOnUrl}. In Entra: Mitel Connect > Single sign-on > Basic SAML Configuration > Sign on URL: set ${c.signOnUrl}; the My Apps tile and Test this application then start there instead of sending an unsolicited response.`,
    hints: [],
  };
}

function unknownRequest(c: ExplainContext): Explanation {
  const r = c.request;
  const signed = verdictOf(c, "in-response-to-signed");
  if (
    signed?.status === "fail" &&
    signed.code === "UNKNOWN_REQUEST" &&
    verdictOf(c, "in-response-to")?.status === "pass"
  ) {
    return {
      cause: "The signed assertion answers a different request than the response claims.",
      fix: "The response was altered on the way (the envelope's InResponseTo was changed). Sign in again from the Sign-on URL.",
      hints: [`Envelope InResponseTo ${signed.expected}, signed InResponseTo ${signed.actual}.`],
    };
  }
  if (r && r.consumedAt === null && r.expiresAt <= c.at) {
    const late = Math.round((c.at - r.createdAt) / 1000);
    return {
      cause: `The request ${r.id} was issued at ${new Date(r.createdAt).toISOString()} and expired at ${new Date(r.expiresAt).toISOString()}; the response arrived ${describeSeconds(late)} after it was issued.`,
      fix: `Start again from the Sign-on URL ${c.signOnUrl} and finish the Entra sign-in within ${c.requestTtlMinutes} minutes (server.requestTtlMinutes).`,
      hints: [],
    };
  }
  return {
    cause: `The response answers request ${c.failure?.actual ?? verdictOf(c, "in-response-to")?.actual ?? "(unknown)"}, which this account did not issue or no longer knows.`,
    fix: `Start again from the Sign-on URL ${c.signOnUrl}. If it keeps happening: the sign-in may have been started by another account or another copy of this service (check that Entra's Reply URL is ${c.expectations.replyUrl}), or the response is an old capture.`,
    hints: [],
  };
}

function replayed(c: ExplainContext): Explanation {
  const v = failedOf(c, "RESPONSE_REPLAYED");
  return {
    cause: c.failure?.reason ?? "This response was already used for a sign-in.",
    fix: `${defaultFix("RESPONSE_REPLAYED", wordingOf(c))} A response is accepted once; the browser's Back button or a re-posted capture sends it again.`,
    hints: v ? [`${v.check}: ${v.actual}`] : [],
  };
}

function notFromThisBrowser(c: ExplainContext): Explanation {
  const noCookie = /without/.test(c.failure?.actual ?? "");
  return {
    cause:
      c.failure?.reason ??
      "The sign-in was started in another browser than the one that posted the response.",
    fix: noCookie
      ? `The browser did not send this service's sign-in cookie with Entra's POST. Start again from the Sign-on URL ${c.signOnUrl} in one browser; if PUBLIC_URL is plain http on a host other than localhost, use https (the cookie is Secure and SameSite=None).`
      : defaultFix("REQUEST_NOT_FROM_THIS_BROWSER", wordingOf(c)),
    hints: [],
  };
}

function userNotFound(c: ExplainContext): Explanation {
  const w = wordingOf(c);
  const m = c.userMatch;
  const field = m?.loginField ?? "Username";
  const nameId = m?.nameId?.trim() ?? c.failure?.actual ?? "";
  const misses = (m?.nearMisses ?? []).filter((n) => n.kind !== "not-active");
  const first: NearMiss | undefined = misses[0];
  const fixes: Record<NearMiss["kind"], string> = {
    "case-or-whitespace": `Make the user's ${field} in the ${w.portalName} (Users) equal the value Entra sends, ${JSON.stringify(nameId)}, character for character (or correct the user's UPN in Entra).`,
    "email-not-username": /^[^@\s]+@[^@\s]+\.[^@\s.]+$/.test(first?.user?.username ?? "")
      ? `Entra sends ${first?.user?.name}'s email address as the NameID, but MiCloud Connect matches it against the Username, ${first?.user?.username}. In Entra: Mitel Connect > Single sign-on > Attributes & Claims > Unique User Identifier (Name ID): set Source attribute to user.userprincipalname (Entra's default), so that Entra sends the UPN. Only if ${first?.user?.username} is not the user's UPN in Entra, correct the Username in the ${w.portalName} (Users) instead.`
      : `MiCloud Connect matches the NameID against Username, not Business Email Address: in the ${w.portalName} (Users), set the user's Username to ${nameId} (the value Entra sends as NameID) if that is the user's UPN in Entra; otherwise make Entra send the UPN (Attributes & Claims > Unique User Identifier (Name ID): user.userprincipalname).`,
    "opaque-nameid":
      "In Entra: Mitel Connect > Single sign-on > Attributes & Claims > Unique User Identifier (Name ID): set Source attribute to user.userprincipalname (Name identifier format: Email address or Default).",
    "guest-ext-upn":
      "In Entra: Attributes & Claims > Unique User Identifier (Name ID): use user.mail for guest users (a claim condition for Guests), or create the Mitel user with the guest's #EXT# UPN.",
    "claim-matches-user": `In Entra: Attributes & Claims > Unique User Identifier (Name ID): use the attribute that equals the Mitel ${field} (usually user.userprincipalname).`,
    "other-account": `The user belongs to another ${w.productName} account. Create them in this account (${w.portalName} > Users), or point Entra's Reply URL and Identifier at the account they belong to.`,
    "other-platform": `Create the user in this ${w.productName} account (${w.portalName} > Users) with ${field} ${nameId}.`,
    "not-active": "",
  };
  return {
    cause: `No user of ${c.account.displayName} has ${field} ${nameId || "(empty)"}.`,
    fix: first
      ? fixes[first.kind]
      : `Create the user in the ${w.portalName} (Users) with ${field} ${nameId} (the user's UPN in Entra), and activate them.`,
    hints: misses.map((n) => n.text),
  };
}

function userNotActive(c: ExplainContext): Explanation {
  const user = c.userMatch?.matchedUser;
  if (!user)
    return {
      cause: c.failure?.reason ?? "The user is not active.",
      fix: defaultFix("USER_NOT_ACTIVE", wordingOf(c)),
      hints: [],
    };
  return {
    cause: `The user ${user.name} (${user.username ?? user.email}) exists but is ${statusWords(user.status, c.account.platform)}.`,
    fix: activationAdvice(user, c.account.platform),
    hints: [],
  };
}

function ssoDisabled(c: ExplainContext): Explanation {
  const w = wordingOf(c);
  return {
    cause: `Single Sign-On is not enabled for ${c.account.displayName} (${w.productName}).`,
    fix: `In the ${w.portalName}: ${w.settingsScreen}: ${w.enableInstruction}.`,
    hints: [],
  };
}

function notConfigured(c: ExplainContext): Explanation {
  const w = wordingOf(c);
  const missing = c.expectations.missingSettings;
  return {
    cause: `Single Sign-On settings are incomplete: ${missing.join(", ") || "a setting"} missing.`,
    fix: `In the ${w.portalName} (${w.settingsScreen}), fill in ${w.signInUrlField} (Entra's Login URL), ${w.idpEntityIdField} (Microsoft Entra Identifier) and ${w.certificateField} (Certificate (Base64) from SAML Signing Certificate), then Save.`,
    hints: [],
  };
}

const EXPLAINERS: Partial<Record<FailureCode, Explainer>> = {
  SSO_DISABLED: ssoDisabled,
  IDP_NOT_CONFIGURED: notConfigured,
  IDP_ERROR_STATUS: idpError,
  SIGNATURE_MISSING: signatureMissing,
  SIGNATURE_INVALID: signatureInvalid,
  WEAK_SIGNATURE_ALGORITHM: weakAlgorithm,
  CERTIFICATE_MISMATCH: certificateMismatch,
  ISSUER_MISMATCH: identifierFixes.issuer,
  AUDIENCE_MISMATCH: identifierFixes.audience,
  DESTINATION_MISMATCH: identifierFixes.replyUrl("DESTINATION_MISMATCH"),
  RECIPIENT_MISMATCH: identifierFixes.replyUrl("RECIPIENT_MISMATCH"),
  ASSERTION_EXPIRED: timeWindow("expired"),
  ASSERTION_NOT_YET_VALID: timeWindow("not-yet-valid"),
  UNSOLICITED_RESPONSE: unsolicited,
  UNKNOWN_REQUEST: unknownRequest,
  REQUEST_NOT_FROM_THIS_BROWSER: notFromThisBrowser,
  RESPONSE_REPLAYED: replayed,
  USER_NOT_FOUND: userNotFound,
  USER_NOT_ACTIVE: userNotActive,
};

/** The cause in one line, the fix in Entra's and the Mitel portal's words, and admin-facing hints. */
export function explainFailure(c: ExplainContext): Explanation {
  const explainer = EXPLAINERS[c.code];
  const explained = explainer
    ? explainer(c)
    : { cause: c.failure?.reason ?? c.code, fix: defaultFix(c.code, wordingOf(c)), hints: [] };
  return c.mode === "analyze" ? { ...explained, fix: withoutAnalyzeAdvice(explained.fix) } : explained;
}

/** On the Analyze page, "capture it and use Analyze" is advice the reader has already followed. */
export function withoutAnalyzeAdvice(fix: string): string {
  return fix
    .replace(
      /;? ?if (it persists|it keeps failing), capture (the response|it)( with SAML-tracer)? and use Analyze\./g,
      ".",
    )
    .replace(/ ?If it persists, capture it and use Analyze\./g, "")
    .replace(/\.\./g, ".")
    .trim();
}
