import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { resolveBinary } from "dbmate";
import pg from "pg";
import type { Connection } from "./connection.ts";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../db/migrations", import.meta.url));

// Any constant works; it only has to be the same in every process of this app.
const MIGRATION_LOCK_KEY = 7_010_001;

/**
 * Applies pending migrations with dbmate. dbmate has no lock of its own across processes,
 * so several API processes starting at once take turns on a PostgreSQL advisory lock
 * held on a dedicated connection.
 */
export async function migrate(connection: Connection): Promise<string[]> {
  const lockClient = await connectCreatingDatabase(connection);
  try {
    await lockClient.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    // dbmate prints "Applying: <file>" per migration it runs: those are the ones applied now.
    const output = await runDbmate(connection, ["up"]);
    return [...output.matchAll(/^Applying: (\S+)/gm)].map((match) => match[1]!);
  } finally {
    await lockClient.end();
  }
}

async function connectCreatingDatabase(connection: Connection): Promise<pg.Client> {
  const connect = async () => {
    const client = new pg.Client({ ...connection.pg, connectionTimeoutMillis: 10_000 });
    await client.connect();
    return client;
  };
  try {
    return await connect();
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error; // invalid_catalog_name
    await runDbmate(connection, ["create"]);
    return connect();
  }
}

async function runDbmate(connection: Connection, args: string[]): Promise<string> {
  // No --wait: the server has answered already, and dbmate's wait is a silent minute.
  const url = connection.dbmateUrl;
  // node:child_process rather than Bun.spawn: migrations also run under Deno (src/deno.ts).
  return new Promise((done, fail) =>
    execFile(
      resolveBinary(),
      ["--url", url, "--migrations-dir", MIGRATIONS_DIR, "--no-dump-schema", ...args],
      { env: { ...process.env, DATABASE_URL: url } },
      (error, stdout, stderr) =>
        error ? fail(new Error(`dbmate ${args.join(" ")} failed: ${(stderr || stdout || error.message).trim()}`)) : done(stdout),
    ));
}
