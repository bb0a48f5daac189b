import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { PROJECT_ROOT } from "../project-root.js";
import { applyEnvironment, keyWithVariable } from "./environment.js";
import { configSchema, type ParsedConfig } from "./schema.js";

/** Configuration after validation, with paths made absolute. */
export interface AppConfig extends Omit<ParsedConfig, "server"> {
  server: ParsedConfig["server"] & { publicUrl: string };
  /** Absolute paths of the seed files, in order. */
  seedFiles: string[];
  simulatorPublicUrl: string;
}

/** A configuration problem a person must fix; start-up prints `message` and exits. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

type Plain = Record<string, unknown>;

function isPlain(v: unknown): v is Plain {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Objects merge key by key; arrays and scalars of the override replace the base. */
export function deepMerge(base: Plain, override: Plain): Plain {
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isPlain(current) && isPlain(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function readYamlFile(path: string): Plain {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`Cannot read configuration file ${path}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new ConfigError(`Configuration file ${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (!isPlain(doc))
    throw new ConfigError(`Configuration file ${path} must hold a mapping of keys at the top`);
  return doc;
}

/** One line per problem, naming the key path and what is expected there. */
export function describeIssues(issues: z.core.$ZodIssue[], source: string): string {
  const lines = issues.map((issue) => {
    const key = issue.path.length ? keyWithVariable(issue.path.join(".")) : "(top level)";
    if (issue.code === "unrecognized_keys") {
      return `  - ${key}: unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    }
    return `  - ${key}: ${issue.message}`;
  });
  return `Invalid configuration (${source}):\n${lines.join("\n")}`;
}

function resolveSeeds(seeds: string[], fromDir: string): string[] {
  return seeds.map((s) => (isAbsolute(s) ? s : resolve(fromDir, s)));
}

/** localhost and 127.0.0.1 are different sites to a browser, as Entra and the SP are for real. */
export function defaultSimulatorUrl(publicUrl: string): string {
  const url = new URL(publicUrl);
  if (url.hostname === "localhost") url.hostname = "127.0.0.1";
  return url.toString().replace(/\/+$/, "");
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** Replaces config/default.yaml (tests). */
  defaultFile?: string;
  /** Deep-merged last, over files and environment (tests). */
  overrides?: Plain;
}

export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const defaultFile = options.defaultFile ?? join(PROJECT_ROOT, "config", "default.yaml");
  let raw = existsSync(defaultFile) ? readYamlFile(defaultFile) : {};
  let seedBase = dirname(defaultFile);
  const seeds = (): string[] => (Array.isArray(raw.seeds) ? raw.seeds.map(String) : []);
  let seedFiles = resolveSeeds(seeds(), seedBase);

  const extraFile = env.CONFIG_FILE;
  if (extraFile) {
    const path = resolve(extraFile);
    const extra = readYamlFile(path);
    raw = deepMerge(raw, extra);
    if ("seeds" in extra) {
      seedBase = dirname(path);
      seedFiles = resolveSeeds(seeds(), seedBase);
    }
  }
  raw = applyEnvironment(raw, env);
  if (options.overrides) raw = deepMerge(raw, options.overrides);
  if (options.overrides && "seeds" in options.overrides) seedFiles = resolveSeeds(seeds(), process.cwd());

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    throw new ConfigError(
      describeIssues(result.error.issues, extraFile ? `${defaultFile} + ${extraFile}` : defaultFile),
    );
  }
  const parsed = result.data;
  const tls = [parsed.server.tlsCertFile, parsed.server.tlsKeyFile];
  if (tls.filter(Boolean).length === 1) {
    throw new ConfigError(
      "Invalid configuration:\n  - server.tlsCertFile / server.tlsKeyFile (TLS_CERT_FILE / TLS_KEY_FILE): give both or neither",
    );
  }
  // Without PUBLIC_URL the service is reached on this machine at the port it listens on; a
  // fixed default would send the SAML flow to the wrong port whenever PORT is changed.
  const scheme = parsed.server.tlsCertFile ? "https" : "http";
  const publicUrl = parsed.server.publicUrl ?? `${scheme}://localhost:${parsed.server.port}`;
  return {
    ...parsed,
    server: { ...parsed.server, publicUrl },
    storage: { ...parsed.storage, dataDir: resolve(parsed.storage.dataDir) },
    seedFiles,
    simulatorPublicUrl: parsed.simulator.publicUrl ?? defaultSimulatorUrl(publicUrl),
  };
}

/**
 * For a command's entry point: the configuration, or the bad key's message on stderr and exit
 * code 2 (a setting to fix, not a crash: no stack trace).
 */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}
