/**
 * `mitel-mock-sp` command line. `check` runs one headless SP-initiated sign-in through the Entra
 * simulator (see sso-check.ts) and exits 0 when the user landed signed in, 1 when the sign-in
 * failed (the failure code, cause and fix are printed), 2 on wrong arguments, 3 when the check
 * could not run (service unreachable or not ready).
 */
import { parseArgs } from "node:util";
import { formatReport } from "./report.js";
import { runSsoCheck } from "./sso-check.js";
import { startService } from "./start-service.js";

export const EXIT = { passed: 0, failed: 1, usage: 2, notRun: 3 } as const;

const USAGE = `Usage: mitel-mock-sp check --user <login> [options]

Signs <login> in through the Entra simulator over HTTP, as a browser would, and reports each step,
the NameID and claims, or the failure code with its cause and fix.

Options:
  --url <base>         the service's PUBLIC_URL (default http://localhost:3000, or MMS_URL)
  --user <login>       username (MiCloud Connect) or email (CloudLink) to sign in
  --account <id>       account id (finds the platform; needed when several accounts have the user)
  --platform <id>      micloud or cloudlink (default: found from --account, else micloud)
  --app <key>          sign-on app: portal or teamwork (MiCloud Connect), accounts (CloudLink)
  --entra-user <upn>   who signs in at the simulator, when not <login>
  --start              start the service of this package on a free port for the check
  --config <file>      with --start: CONFIG_FILE for it (e.g. a seed of the account to check)
  --json               print the result as JSON (for machines)
  --timeout <seconds>  per request, and for --start to be ready (default 30)

Exit codes: 0 signed in, 1 sign-in failed, 2 bad arguments, 3 the check could not run.
`;

/** Runs the command line; returns the exit code (printing goes to the given streams). */
export async function runCli(
  argv: string[],
  out: (text: string) => void = (t) => process.stdout.write(t),
  err: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === "help" || command === "--help" || command === "-h") {
    out(USAGE);
    return command === undefined ? EXIT.usage : EXIT.passed;
  }
  if (command !== "check") {
    err(`Unknown command "${command}".\n\n${USAGE}`);
    return EXIT.usage;
  }
  let values: ReturnType<typeof parse>;
  try {
    values = parse(rest);
  } catch (e) {
    err(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.help) {
    out(USAGE);
    return EXIT.passed;
  }
  const timeoutSeconds = Number(values.timeout ?? "30");
  if (!values.user || !Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) {
    err(`${values.user ? "--timeout must be a number of seconds" : "--user is required"}\n\n${USAGE}`);
    return EXIT.usage;
  }
  if (values.config && !values.start) {
    err("--config is for --start (the configuration of the service it starts)\n");
    return EXIT.usage;
  }

  let service: Awaited<ReturnType<typeof startService>> | null = null;
  try {
    if (values.start) {
      service = await startService({
        ...(values.config ? { configFile: values.config } : {}),
        timeoutMs: timeoutSeconds * 1000,
      });
    }
    const result = await runSsoCheck({
      url: service?.url ?? values.url ?? process.env.MMS_URL ?? "http://localhost:3000",
      user: values.user,
      timeoutMs: timeoutSeconds * 1000,
      ...(values.account ? { account: values.account } : {}),
      ...(values.platform ? { platform: values.platform } : {}),
      ...(values.app ? { app: values.app } : {}),
      ...(values["entra-user"] ? { entraUser: values["entra-user"] } : {}),
    });
    out(values.json ? `${JSON.stringify(result, null, 2)}\n` : formatReport(result));
    if (result.ok) return EXIT.passed;
    const code = result.failure?.code;
    if (code === "BAD_ARGUMENT") return EXIT.usage;
    return code === "UNREACHABLE" ? EXIT.notRun : EXIT.failed;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (values.json) out(`${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
    err(`mitel-mock-sp check could not run: ${message}\n`);
    return EXIT.notRun;
  } finally {
    await service?.stop();
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      url: { type: "string" },
      user: { type: "string" },
      account: { type: "string" },
      platform: { type: "string" },
      app: { type: "string" },
      "entra-user": { type: "string" },
      start: { type: "boolean" },
      config: { type: "string" },
      json: { type: "boolean" },
      timeout: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  }).values;
}
