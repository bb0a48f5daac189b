import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, defaultSimulatorUrl, loadConfig } from "../../../src/config/load-config.js";

const dir = mkdtempSync(join(tmpdir(), "mms-config-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("loadConfig", () => {
  it("loads config/default.yaml with the demo seeds and the simulator on another site", () => {
    const config = loadConfig({ env: {} });
    expect(config.server.port).toBe(3000);
    expect(config.server.publicUrl).toBe("http://localhost:3000");
    expect(config.simulatorPublicUrl).toBe("http://127.0.0.1:3000");
    expect(config.simulator.enabled).toBe(true);
    expect(config.seedFiles).toHaveLength(1);
    expect(config.seedFiles[0]).toMatch(/config\/seeds\/demo-accounts\.yaml$/);
    expect(config.storage.dataDir).toMatch(/^\//);
  });

  it("derives the public URL from PORT when PUBLIC_URL is not set, so the SAML URLs use the port served", () => {
    const config = loadConfig({ env: { PORT: "8080" } });
    expect(config.server.publicUrl).toBe("http://localhost:8080");
    expect(config.simulatorPublicUrl).toBe("http://127.0.0.1:8080");
  });

  it("lets environment variables override files, with types coerced", () => {
    const config = loadConfig({
      env: {
        PORT: "8080",
        PUBLIC_URL: "https://sso.example.com/",
        ENTRA_SIMULATOR: "off",
        TRUST_PROXY: "1",
        LOG_LEVEL: "debug",
        DATABASE_URL: "postgres://u@db:5432/x",
        ADMIN_TOKEN: "a".repeat(32),
      },
    });
    expect(config.server.port).toBe(8080);
    expect(config.server.publicUrl).toBe("https://sso.example.com");
    expect(config.simulator.enabled).toBe(false);
    expect(config.server.trustProxy).toBe(true);
    expect(config.log.level).toBe("debug");
    expect(config.storage.databaseUrl).toBe("postgres://u@db:5432/x");
    expect(config.admin.token).toHaveLength(32);
  });

  it("merges CONFIG_FILE over the defaults and resolves its seeds from its own folder", () => {
    const extra = file("extra.yaml", "server:\n  clockSkewSeconds: 30\nseeds:\n  - my-seeds.yaml\n");
    const config = loadConfig({ env: { CONFIG_FILE: extra } });
    expect(config.server.clockSkewSeconds).toBe(30);
    expect(config.server.port).toBe(3000);
    expect(config.seedFiles).toEqual([join(dir, "my-seeds.yaml")]);
  });

  it.each([
    [{ PORT: "eighty" }, /server\.port \(PORT\)/],
    [
      { PUBLIC_URL: "localhost:3000" },
      /server\.publicUrl \(PUBLIC_URL\): an absolute http:\/\/ or https:\/\/ URL/,
    ],
    [{ ENTRA_SIMULATOR: "maybe" }, /simulator\.enabled \(ENTRA_SIMULATOR\)/],
    [
      { DATABASE_URL: "mysql://x" },
      /storage\.databaseUrl \(DATABASE_URL\): a postgres:\/\/ or postgresql:\/\/ connection URL/,
    ],
    [{ LOG_LEVEL: "loud" }, /log\.level \(LOG_LEVEL\)/],
    [{ ADMIN_PASSWORD: "short" }, /admin\.password \(ADMIN_PASSWORD\): at least 8 characters/],
    [{ SESSION_SECRET: "tiny" }, /server\.sessionSecret \(SESSION_SECRET\): at least 16 characters/],
  ])("refuses %o naming the key and the expected form", (env, message) => {
    expect(() => loadConfig({ env })).toThrow(ConfigError);
    expect(() => loadConfig({ env })).toThrow(message);
  });

  it("names unknown keys in a configuration file", () => {
    const extra = file("typo.yaml", "server:\n  prot: 3000\n");
    expect(() => loadConfig({ env: { CONFIG_FILE: extra } })).toThrow(/server: unknown key\(s\) "prot"/);
  });

  it("says when CONFIG_FILE is not YAML or cannot be read", () => {
    const broken = file("broken.yaml", "server: [unclosed\n");
    expect(() => loadConfig({ env: { CONFIG_FILE: broken } })).toThrow(/is not valid YAML/);
    expect(() => loadConfig({ env: { CONFIG_FILE: join(dir, "missing.yaml") } })).toThrow(
      /Cannot read configuration file/,
    );
  });

  it("requires TLS certificate and key together", () => {
    expect(() => loadConfig({ env: { TLS_CERT_FILE: "/tmp/cert.pem" } })).toThrow(/give both or neither/);
  });

  it("puts the simulator on 127.0.0.1 when the SP is on localhost, else on the same host", () => {
    expect(defaultSimulatorUrl("http://localhost:3000")).toBe("http://127.0.0.1:3000");
    expect(defaultSimulatorUrl("https://sso.example.com")).toBe("https://sso.example.com");
  });
});
