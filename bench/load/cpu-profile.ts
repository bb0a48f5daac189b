import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { join } from "node:path";

/**
 * Profiles this thread (the in-process server's event loop) during the timed part only, unlike
 * `node --cpu-prof`, which also records fixture building (signing) and start-up.
 */
export async function startCpuProfile(): Promise<{ stop(dir: string, name: string): Promise<string> }> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return {
    async stop(dir, name) {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      const file = join(dir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
  };
}
