/**
 * Child process for the concurrent-migration test: waits until the given start time (so that
 * several copies begin together), migrates the SQLite file in the given data directory, and exits
 * 0, or prints the error and exits 1.
 */
import { openDatabase } from "../../../src/storage/sql/database.js";
import { migrateToLatest } from "../../../src/storage/sql/migrations.js";

const [dataDir, startAt] = process.argv.slice(2);
if (!dataDir || !startAt) throw new Error("usage: migrate-data-dir.ts <dataDir> <startAtEpochMs>");
await new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(startAt) - Date.now())));
const opened = await openDatabase({ dataDir });
try {
  await migrateToLatest(opened.db);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
} finally {
  await opened.close();
}
