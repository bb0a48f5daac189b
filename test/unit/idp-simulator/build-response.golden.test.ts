import { readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildSignedResponse } from "../../../src/idp-simulator/saml/build-response.js";
import { baseInput, fixturePath } from "./support.js";

const GOLDEN = fixturePath("entra-response.assertion-signed.sha256.golden.xml");

describe("buildSignedResponse golden output", () => {
  it("matches the stored Entra-shaped response byte for byte (fixed clock, ids and key)", () => {
    const built = buildSignedResponse(baseInput("assertion", "sha256"));
    // RSA PKCS#1 v1.5 is deterministic, so the same input gives the same bytes. To refresh the
    // golden file after an intended change: UPDATE_IDP_GOLDEN=1 npx vitest run test/unit/idp-simulator
    if (process.env.UPDATE_IDP_GOLDEN === "1") {
      writeFileSync(GOLDEN, built.xml);
    }
    const golden = readFileSync(GOLDEN, "utf8");
    expect(built.xml).toBe(golden);
    expect(Buffer.from(built.base64, "base64").toString("utf8")).toBe(golden);
  });

  it("is stable across calls", () => {
    expect(buildSignedResponse(baseInput()).xml).toBe(buildSignedResponse(baseInput()).xml);
  });
});
