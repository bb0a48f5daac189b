/**
 * Environment variables (DESIGN §7) mapped onto configuration keys. Values stay strings here;
 * the schema coerces and validates them, so a bad value is reported with its key.
 */
type Plain = Record<string, unknown>;

interface EnvBinding {
  variable: string;
  path: [string, string];
  parse?: (value: string) => unknown;
}

const onOff = (value: string): unknown => {
  const v = value.trim().toLowerCase();
  if (["1", "true", "on", "yes"].includes(v)) return true;
  if (["0", "false", "off", "no"].includes(v)) return false;
  return value; // left as a string so that validation names the variable's key
};

const trustProxy = (value: string): unknown => {
  const flag = onOff(value);
  if (typeof flag === "boolean") return flag;
  return /^\d+$/.test(value.trim()) ? Number(value) : value;
};

export const ENV_BINDINGS: EnvBinding[] = [
  { variable: "PORT", path: ["server", "port"] },
  { variable: "PUBLIC_URL", path: ["server", "publicUrl"] },
  { variable: "TRUST_PROXY", path: ["server", "trustProxy"], parse: trustProxy },
  { variable: "SESSION_SECRET", path: ["server", "sessionSecret"] },
  { variable: "TLS_CERT_FILE", path: ["server", "tlsCertFile"] },
  { variable: "TLS_KEY_FILE", path: ["server", "tlsKeyFile"] },
  { variable: "WORKERS", path: ["server", "workers"] },
  { variable: "DATA_DIR", path: ["storage", "dataDir"] },
  { variable: "DATABASE_URL", path: ["storage", "databaseUrl"] },
  { variable: "ADMIN_PASSWORD", path: ["admin", "password"] },
  { variable: "ADMIN_TOKEN", path: ["admin", "token"] },
  { variable: "LOG_LEVEL", path: ["log", "level"] },
  { variable: "ENTRA_SIMULATOR", path: ["simulator", "enabled"], parse: onOff },
  { variable: "ENTRA_SIMULATOR_URL", path: ["simulator", "publicUrl"] },
  { variable: "URL_PROFILE", path: ["urls", "profile"] },
  {
    variable: "ENTRA_SIMULATOR_GALLERY_PATTERNS",
    path: ["simulator", "enforceGalleryPatterns"],
    parse: onOff,
  },
];

export function applyEnvironment(raw: Plain, env: NodeJS.ProcessEnv): Plain {
  const out: Plain = { ...raw };
  for (const binding of ENV_BINDINGS) {
    const value = env[binding.variable];
    if (value === undefined || value === "") continue;
    const [section, key] = binding.path;
    const current = out[section];
    const sectionValue = typeof current === "object" && current !== null ? { ...(current as Plain) } : {};
    sectionValue[key] = binding.parse ? binding.parse(value) : value;
    out[section] = sectionValue;
  }
  return out;
}

/** For error messages: "server.port" -> "server.port (PORT)". */
export function keyWithVariable(path: string): string {
  const binding = ENV_BINDINGS.find((b) => b.path.join(".") === path);
  return binding ? `${path} (${binding.variable})` : path;
}
