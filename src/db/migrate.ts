import { resolve } from "node:path";
import { resolveBinary } from "dbmate";
import pg from "pg";

export const MIGRATIONS_DIR = resolve(import.meta.dir, "../../db/migrations");

// Any constant works; it only has to be the same in every process of this app.
const MIGRATION_LOCK_KEY = 7_010_001;

/**
 * Applies pending migrations with dbmate. dbmate has no lock of its own across processes,
 * so several API processes starting at once take turns on a PostgreSQL advisory lock
 * held on a dedicated connection.
 */
export async function migrate(databaseUrl: string): Promise<void> {
  const lockClient = await connectCreatingDatabase(databaseUrl);
  try {
    await lockClient.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    await runDbmate(databaseUrl, ["up"]);
  } finally {
    await lockClient.end();
  }
}

async function connectCreatingDatabase(databaseUrl: string): Promise<pg.Client> {
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    return client;
  };
  try {
    return await connect();
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error; // invalid_catalog_name
    await runDbmate(databaseUrl, ["create"]);
    return connect();
  }
}

export async function runDbmate(databaseUrl: string, args: string[]): Promise<void> {
  const proc = Bun.spawn(
    [resolveBinary(), "--url", databaseUrl, "--migrations-dir", MIGRATIONS_DIR, "--no-dump-schema", "--wait", ...args],
    { stdout: "pipe", stderr: "pipe", env: { ...process.env, DATABASE_URL: databaseUrl } },
  );
  const [stdout, stderr, code] = await Promise.all([
    new Response(proc.stdout).text(),
    new Response(proc.stderr).text(),
    proc.exited,
  ]);
  if (code !== 0) throw new Error(`dbmate ${args.join(" ")} failed: ${(stderr || stdout).trim()}`);
}
