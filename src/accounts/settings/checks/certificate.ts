import { viewStoredCertificates } from "../certificate-feedback.js";
import type { SettingsCheck } from "./settings-check.js";

/** Signing Certificate: at least one pasted, and one valid now (Entra signs with its active one). */
export const certificateSetting: SettingsCheck = {
  id: "certificate",
  code: "CERTIFICATE_MISMATCH",
  evaluate({ account, now }) {
    const views = viewStoredCertificates(account.sso.idpCertificates, now);
    if (views.length === 0)
      return { state: "todo", detail: 'No certificate yet: paste Entra\'s "Certificate (Base64)".' };
    const usable = views.filter((v) => v.state === "valid" || v.state === "expiring");
    const soonest = [...usable].sort((a, b) => a.daysToExpiry - b.daysToExpiry)[0];
    const describe = views
      .map((v) => `${v.subject}, thumbprint ${v.sha1Thumbprint}: ${v.validity}`)
      .join("; ");
    if (!soonest)
      return { state: "error", detail: `No certificate is valid now. ${describe}.`, code: this.code };
    const problem = views.some((v) => v.state !== "valid");
    return {
      state: problem ? "warn" : "ok",
      detail: `${views.length === 1 ? "1 certificate" : `${views.length} certificates`}, ${soonest.daysToExpiry} days to expiry. ${describe}.`,
    };
  },
};
