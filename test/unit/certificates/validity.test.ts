import { describe, expect, it } from "vitest";
import { assessValidity, describeCertificate } from "../../../src/certificates/index.js";
import { fixtureText } from "./fixtures.js";

const current = describeCertificate(fixtureText("entra-certificate-base64.64col-lf.pem")); // 2025-01-01..2028-01-01
const [, next] = fixtureText("two-certificates-concatenated.pem").split(/(?=-----BEGIN)/);
const upcoming = describeCertificate(next ?? ""); // 2026-01-01..2029-01-01
const expired = describeCertificate(fixtureText("expired-certificate.pem")); // 2020-01-01..2023-01-01

const period = (validFrom: string, validTo: string) => ({
  validFrom: new Date(validFrom),
  validTo: new Date(validTo),
});
const DAY_MS = 86_400_000;

describe("assessValidity with the fixtures", () => {
  it("calls a certificate with years left valid", () => {
    expect(assessValidity(current, new Date("2026-06-15T00:00:00Z"))).toEqual({
      state: "valid",
      daysToExpiry: 565,
      message: "valid until 2028-01-01, 565 days left (valid from 2025-01-01)",
    });
  });

  it("warns when fewer than 60 days are left", () => {
    expect(assessValidity(current, new Date("2027-12-02T00:00:00Z"))).toEqual({
      state: "expiring",
      daysToExpiry: 30,
      message: "expires on 2028-01-01, in 30 days (valid from 2025-01-01)",
    });
  });

  it("reports an expired certificate with negative days", () => {
    expect(assessValidity(expired, new Date("2026-01-01T00:00:00Z"))).toEqual({
      state: "expired",
      daysToExpiry: -1096,
      message: "expired on 2023-01-01 (valid from 2020-01-01)",
    });
  });

  it("reports Entra's next certificate, not active yet", () => {
    expect(assessValidity(upcoming, new Date("2025-06-01T00:00:00Z"))).toEqual({
      state: "not-yet-valid",
      daysToExpiry: 1310,
      message: "not valid until 2026-01-01 (expires on 2029-01-01)",
    });
  });
});

describe("assessValidity boundaries", () => {
  const cert = period("2021-01-31T00:00:00Z", "2024-01-31T00:00:00Z");

  it("words an expired certificate as in the portal", () => {
    expect(assessValidity(cert, new Date("2024-02-10T12:00:00Z")).message).toBe(
      "expired on 2024-01-31 (valid from 2021-01-31)",
    );
  });

  it("counts notAfter itself as valid, one millisecond later as expired", () => {
    expect(assessValidity(cert, cert.validTo)).toMatchObject({ state: "expiring", daysToExpiry: 0 });
    expect(assessValidity(cert, cert.validTo).message).toBe(
      "expires on 2024-01-31, within a day (valid from 2021-01-31)",
    );
    expect(assessValidity(cert, new Date(cert.validTo.getTime() + 1))).toMatchObject({
      state: "expired",
      daysToExpiry: -1,
    });
  });

  it("counts notBefore itself as valid, one millisecond earlier as not yet valid", () => {
    expect(assessValidity(cert, cert.validFrom).state).toBe("valid");
    expect(assessValidity(cert, new Date(cert.validFrom.getTime() - 1)).state).toBe("not-yet-valid");
  });

  it("warns only when fewer than warnDays whole days remain", () => {
    const at = (daysLeft: number) => new Date(cert.validTo.getTime() - daysLeft * DAY_MS);
    expect(assessValidity(cert, at(60)).state).toBe("valid");
    expect(assessValidity(cert, at(59.5))).toMatchObject({ state: "expiring", daysToExpiry: 59 });
    expect(assessValidity(cert, at(45), 30).state).toBe("valid");
    expect(assessValidity(cert, at(29), 30).state).toBe("expiring");
  });

  it("says 'in 1 day' rather than 'in 1 days'", () => {
    const oneDayLeft = new Date(cert.validTo.getTime() - DAY_MS);
    expect(assessValidity(cert, oneDayLeft).message).toBe(
      "expires on 2024-01-31, in 1 day (valid from 2021-01-31)",
    );
  });
});
