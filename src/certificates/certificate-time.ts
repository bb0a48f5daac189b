/**
 * Node 20's X509Certificate exposes validity only as OpenSSL's printed form
 * ("Jan  1 00:00:00 2025 GMT"; validFromDate arrived in Node 22). Date.parse of that form is
 * implementation-defined, so it is read field by field here.
 */
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const OPENSSL_TIME = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4}) GMT$/;

export function parseCertificateTime(text: string): Date {
  const match = OPENSSL_TIME.exec(text);
  const month = MONTHS.indexOf(match?.[1] ?? "");
  if (!match || month < 0) throw new Error(`Unexpected certificate time format: ${JSON.stringify(text)}`);
  const [, , day, hours, minutes, seconds, year] = match.map(Number);
  return new Date(Date.UTC(year ?? 0, month, day, hours, minutes, seconds));
}
