import { describe, expect, it } from "vitest";
import { compareSignIns } from "../../../src/diagnostics/compare-sign-ins.js";
import { signInRecord } from "../../helpers/sign-in-record.js";

const record = signInRecord;

const response = (claims: string[], nameIdFormat: string) => ({
  issuer: "https://sts.windows.net/t/",
  destination: "https://sp/acs",
  claims: claims.map((name) => ({ name, values: ["x"] })),
  assertion: {
    issuer: "https://sts.windows.net/t/",
    audiences: ["https://sp"],
    recipients: ["https://sp/acs"],
    nameId: "u",
    nameIdFormat,
  },
});

describe("compareSignIns", () => {
  it("names what changed: NameID format and the claims added or removed", () => {
    const baseline = record("OK", {
      response: response(["a/tenantid", "a/name", "a/emailaddress"], "emailAddress"),
    });
    const current = record(
      "BAD",
      { response: response(["a/tenantid", "a/name", "a/groups"], "persistent") },
      { outcome: "failure", failureCode: "USER_NOT_FOUND" },
    );
    const rows = compareSignIns(current, baseline);
    const byAspect = (aspect: string) => rows.find((r) => r.aspect === aspect);
    expect(byAspect("Outcome")).toMatchObject({
      baseline: "success",
      current: "USER_NOT_FOUND",
      changed: true,
    });
    expect(byAspect("NameID format")).toMatchObject({
      baseline: "emailAddress",
      current: "persistent",
      changed: true,
    });
    expect(byAspect("Claims present")).toMatchObject({
      changed: true,
      note: "added: groups; removed: emailaddress",
    });
    expect(byAspect("Issuer")?.changed).toBe(false);
    expect(byAspect("Audience")?.changed).toBe(false);
  });

  it("reads records that hold no diagnosis (older or other writers) without failing", () => {
    const rows = compareSignIns(record("A", {}), record("B", { stage: "password" }));
    expect(rows.every((r) => r.changed === false)).toBe(true);
  });
});
