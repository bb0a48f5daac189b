/** The storage contract on SQLite: every test gets its own database file in a temp directory. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";
import { createStorage } from "../../src/storage/create-storage.js";
import { runStorageContract } from "./storage-contract.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "mms-sqlite-contract-"));
let opened = 0;

afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

runStorageContract("sqlite", () => {
  opened += 1;
  return createStorage({ dataDir: path.join(root, `db-${opened}`) });
});
