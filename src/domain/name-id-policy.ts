/**
 * "Mock only" AuthnRequest options (Mitel's portals have no such settings): ForceAuthn and the
 * NameIDPolicy Format the SP asks Entra for. Off / unspecified by default, which is what the
 * Mitel platforms send.
 */
export const NAME_ID_POLICY_FORMATS = ["unspecified", "emailAddress", "persistent", "transient"] as const;
export type NameIdPolicyFormat = (typeof NAME_ID_POLICY_FORMATS)[number];

/** The Format URI each choice puts in <samlp:NameIDPolicy>. */
export const NAME_ID_POLICY_FORMAT_URIS: Readonly<Record<NameIdPolicyFormat, string>> = {
  unspecified: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
  emailAddress: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
  persistent: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
  transient: "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
};

export function isNameIdPolicyFormat(value: unknown): value is NameIdPolicyFormat {
  return typeof value === "string" && (NAME_ID_POLICY_FORMATS as readonly string[]).includes(value);
}
