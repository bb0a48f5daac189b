import { EXAMPLE_IDENTIFIER, recogniseEntraValue, tenantOfIdentifier } from "./entra-shapes.js";
import { type FieldCheck, startOneLineCheck } from "./field-check.js";

export interface EntityIdOptions {
  /** Field label as the platform words it ("Entity ID" or "IDP Identifier (Entity ID)"). */
  label?: string;
  /** The tenant GUID of the Sign-in URL, when it has one, to catch values from two tenants. */
  signInUrlTenant?: string | null;
}

const MAX_LENGTH = 1024;

/**
 * Entity ID (Entra's "Microsoft Entra Identifier"): compared exactly with the Issuer of every
 * response, so the usual copy mistakes (a missing trailing slash, spaces, the Login URL pasted in
 * the wrong box, a value from another tenant) are named here rather than at the first sign-in.
 */
export function checkEntityId(raw: string, options: EntityIdOptions = {}): FieldCheck {
  const label = options.label ?? "Entity ID";
  const { value, result, done } = startOneLineCheck(raw, {
    label,
    maxLength: MAX_LENGTH,
    what: "an identifier",
    whitespace: `the identifier contains spaces or line breaks. Copy the Microsoft Entra Identifier again, in one piece (${EXAMPLE_IDENTIFIER}).`,
  });
  if (done) return done;
  const warnings = shapeWarnings(value, label);
  const tenant = tenantOfIdentifier(value);
  if (tenant && options.signInUrlTenant && tenant !== options.signInUrlTenant) {
    warnings.push(
      `${label}: its tenant ID (${tenant}) differs from the Sign-in URL's (${options.signInUrlTenant}). Both values must come from the same Entra tenant.`,
    );
  }
  return result(null, warnings);
}

function shapeWarnings(value: string, label: string): string[] {
  const lookalike = recogniseEntraValue(value);
  switch (lookalike?.kind) {
    case "identifier":
      return [];
    case "identifier-without-slash":
      return [
        `${label}: the trailing slash is missing. Entra's identifier ends with "/" (https://sts.windows.net/${lookalike.tenantId}/), and the Issuer of its responses must match it exactly.`,
      ];
    case "identifier-extra-slashes":
      return [
        `${label}: it ends with more than one "/". Entra's identifier ends with exactly one (https://sts.windows.net/${lookalike.tenantId}/).`,
      ];
    case "v2-issuer":
      return [
        `${label}: this is Entra's OpenID Connect (v2.0) issuer. SAML responses are issued by https://sts.windows.net/${lookalike.tenantId}/: paste the Microsoft Entra Identifier.`,
      ];
    case "login-url":
      return [
        `${label}: this is the Login URL, which belongs in the Sign-in URL box. Paste the Microsoft Entra Identifier here (${EXAMPLE_IDENTIFIER}).`,
      ];
    case "federation-metadata-url":
      return [
        `${label}: this is the App Federation Metadata URL. Paste the Microsoft Entra Identifier (${EXAMPLE_IDENTIFIER}), or use Import Federation Metadata XML.`,
      ];
    default:
      return [
        `${label}: this does not look like the Microsoft Entra Identifier (${EXAMPLE_IDENTIFIER}). Sign-ins fail unless it equals the Issuer of Entra's responses exactly.`,
      ];
  }
}
