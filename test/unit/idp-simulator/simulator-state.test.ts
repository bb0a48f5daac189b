import { X509Certificate } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createEntraSimulator } from "../../../src/idp-simulator/index.js";
import { MemoryKeyValueStore, PUBLIC_URL } from "./simulator-harness.js";

const INPUT = {
  key: "acc-1",
  displayName: "Mitel Connect",
  identifier: "https://sp.example/metadata",
  replyUrl: "https://sp.example/acs",
  signOnUrl: "https://sp.example/portal",
};

describe("createEntraSimulator / ensureMitelConnectApp", () => {
  it("returns the wiring an admin copies from “Set up Mitel Connect”", async () => {
    const kv = new MemoryKeyValueStore();
    const simulator = await createEntraSimulator({ kv, publicUrl: `${PUBLIC_URL}/` });
    const wiring = await simulator.ensureMitelConnectApp(INPUT);
    expect(wiring.tenantId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(wiring.appId).toMatch(/^[0-9a-f-]{36}$/);
    expect(wiring.loginUrl).toBe(`${PUBLIC_URL}/entra-sim/${wiring.tenantId}/saml2`);
    expect(wiring.entraIdentifier).toBe(`https://sts.windows.net/${wiring.tenantId}/`);
    expect(wiring.logoutUrl).toBe(wiring.loginUrl);
    expect(wiring.certificateBase64).toMatch(
      /^-----BEGIN CERTIFICATE-----\r\n[\s\S]+\r\n-----END CERTIFICATE-----\r\n$/,
    );
    const certificate = new X509Certificate(wiring.certificateBase64);
    expect(certificate.subject).toBe("CN=Microsoft Azure Federated SSO Certificate");
    expect(certificate.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it("is idempotent, keeps one app per key, and never changes an existing app", async () => {
    const kv = new MemoryKeyValueStore();
    const simulator = await createEntraSimulator({ kv, publicUrl: PUBLIC_URL });
    const first = await simulator.ensureMitelConnectApp(INPUT);
    const again = await simulator.ensureMitelConnectApp({
      ...INPUT,
      identifier: "urn:changed",
      displayName: "X",
    });
    expect(again).toEqual(first);
    const other = await simulator.ensureMitelConnectApp({ ...INPUT, key: "acc-2", identifier: "urn:acc-2" });
    expect(other.appId).not.toBe(first.appId);
    expect(other.tenantId).toBe(first.tenantId);
    expect(other.certificateBase64).not.toBe(first.certificateBase64);

    const apps = [...kv.map.entries()].filter(([key]) => key.startsWith(`entra-sim:app:${first.tenantId}:`));
    expect(apps).toHaveLength(2);
    const stored = JSON.parse(apps.find(([, v]) => v.includes('"key":"acc-1"'))![1]) as Record<
      string,
      unknown
    >;
    expect(stored.identifier).toBe(INPUT.identifier);
    expect(stored.displayName).toBe("Mitel Connect");
    expect(String((stored.certificates as Array<Record<string, unknown>>)[0]?.privateKeyPem)).toContain(
      "-----BEGIN PRIVATE KEY-----",
    );
  });

  it("keeps every document under the entra-sim: prefix and seeds Contoso with B.Simon and A.Wilber", async () => {
    const kv = new MemoryKeyValueStore();
    const simulator = await createEntraSimulator({ kv, publicUrl: PUBLIC_URL });
    const wiring = await simulator.ensureMitelConnectApp(INPUT);
    expect([...kv.map.keys()].every((key) => key.startsWith("entra-sim:"))).toBe(true);
    const tenant = JSON.parse(kv.map.get(`entra-sim:tenant:${wiring.tenantId}`)!) as {
      name: string;
      users: Array<Record<string, unknown>>;
    };
    expect(tenant.name).toBe("Contoso");
    expect(tenant.users).toEqual([
      expect.objectContaining({
        userPrincipalName: "B.Simon@contoso.com",
        displayName: "B.Simon",
        givenName: "Britta",
        surname: "Simon",
        mail: "B.Simon@contoso.com",
        objectId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
      expect.objectContaining({ userPrincipalName: "A.Wilber@contoso.com" }),
    ]);
    // B.Simon is assigned by default, A.Wilber is not; assignment is required.
    const app = JSON.parse([...kv.map.entries()].find(([key]) => key.startsWith("entra-sim:app:"))![1]) as {
      assignedUserIds: string[];
      assignmentRequired: boolean;
    };
    expect(app.assignmentRequired).toBe(true);
    expect(app.assignedUserIds).toEqual([tenant.users[0]!.objectId]);
  });

  it("assigns the given UPNs instead of B.Simon", async () => {
    const kv = new MemoryKeyValueStore();
    const simulator = await createEntraSimulator({ kv, publicUrl: PUBLIC_URL });
    const wiring = await simulator.ensureMitelConnectApp({
      ...INPUT,
      assignedUpns: ["a.wilber@contoso.com"],
    });
    const tenant = JSON.parse(kv.map.get(`entra-sim:tenant:${wiring.tenantId}`)!) as {
      users: Array<{ objectId: string; userPrincipalName: string }>;
    };
    const app = JSON.parse([...kv.map.entries()].find(([key]) => key.startsWith("entra-sim:app:"))![1]) as {
      assignedUserIds: string[];
    };
    expect(app.assignedUserIds).toEqual([
      tenant.users.find((u) => u.userPrincipalName === "A.Wilber@contoso.com")!.objectId,
    ]);
  });

  it("two processes starting at once agree on the tenant and the application", async () => {
    const kv = new MemoryKeyValueStore();
    const [a, b] = await Promise.all([
      createEntraSimulator({ kv, publicUrl: PUBLIC_URL }),
      createEntraSimulator({ kv, publicUrl: PUBLIC_URL }),
    ]);
    const [wa, wb] = await Promise.all([a.ensureMitelConnectApp(INPUT), b.ensureMitelConnectApp(INPUT)]);
    expect(wa).toEqual(wb);
    expect([...kv.map.keys()].filter((key) => key.startsWith("entra-sim:tenant:"))).toHaveLength(1);
    expect([...kv.map.keys()].filter((key) => key.startsWith("entra-sim:app:"))).toHaveLength(1);
    // A third start finds everything in place.
    const c = await createEntraSimulator({ kv, publicUrl: PUBLIC_URL });
    expect(await c.ensureMitelConnectApp(INPUT)).toEqual(wa);
  });

  it("uses the injected clock for the certificate", async () => {
    const now = Date.parse("2026-01-02T03:04:05.678Z");
    const simulator = await createEntraSimulator({
      kv: new MemoryKeyValueStore(),
      publicUrl: PUBLIC_URL,
      now: () => now,
    });
    const wiring = await simulator.ensureMitelConnectApp(INPUT);
    const certificate = new X509Certificate(wiring.certificateBase64);
    expect(new Date(certificate.validFrom).toISOString()).toBe("2026-01-02T03:04:05.000Z");
    expect(new Date(certificate.validTo).toISOString()).toBe("2029-01-02T03:04:05.000Z");
  });
});
