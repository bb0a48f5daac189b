/**
 * Whether a sign-out message's Issuer is the configured Entra tenant. Microsoft's "Single sign-out
 * SAML protocol" page gives the LogoutResponse Issuer as https://login.microsoftonline.com/{tenant}/
 * in its text and as https://sts.windows.net/{tenant}/ (the Entra Identifier) in its sample, so
 * both forms of the configured tenant are accepted; anything else is another issuer.
 */
const STS = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/i;
const LOGIN = /^https:\/\/login\.microsoftonline\.com\/([0-9a-f-]{36})\/$/i;

export function isConfiguredIssuer(issuer: string | null, idpEntityId: string): boolean {
  if (issuer === null) return false;
  const value = issuer.trim();
  if (value === idpEntityId) return true;
  const tenant = STS.exec(idpEntityId)?.[1];
  return tenant !== undefined && LOGIN.exec(value)?.[1]?.toLowerCase() === tenant.toLowerCase();
}
