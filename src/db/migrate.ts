import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { resolveBinary } from "dbmate";
import pg from "pg";
import { type Connection, isMissingDatabase } from "./connection.ts";
import { SERVER_TIMEOUTS } from "./pool.ts";

export const MIGRATIONS_DIR = fileURLToPath(new URL("../../db/migrations", import.meta.url));

// Any constant works; it only has to be the same in every process of this app.
const MIGRATION_LOCK_KEY = 7_010_001;

export interface MigrateOptions {
  /** How long to wait for another process's migration before giving up. */
  lockTimeoutMs?: number;
  /** Behind a pooler: the pool's server settings, set on the database, where every new server connection reads them. */
  databaseSettings?: Record<string, string | number>;
}

/** Migrations and the lock's own connection run without the app's timeouts: a migration may take minutes. */
const NO_TIMEOUTS = Object.keys(SERVER_TIMEOUTS).map((name) => `-c ${name}=0`).join(" ");

/**
 * Applies pending migrations with dbmate. dbmate has no lock of its own across processes, so
 * several API processes starting at once take turns on a PostgreSQL advisory lock. It is a
 * transaction-level lock held by an open transaction on a dedicated connection: released when
 * that connection closes, even through a transaction pooler (a session-level lock would stay
 * behind on a pooled server connection). Waiting for it is bounded by `lockTimeoutMs`
 * (lock_timeout), so a start either migrates, waits for another's migration, or fails.
 */
export async function migrate(connection: Connection, options: MigrateOptions = {}): Promise<string[]> {
  const { lockTimeoutMs = 30_000, databaseSettings = {} } = options;
  const { client: lockClient, acceptsOptions } = await connectCreatingDatabase(connection);
  try {
    await lockClient.query(
      `BEGIN; SET LOCAL idle_in_transaction_session_timeout = 0; SET LOCAL statement_timeout = 0; SET LOCAL lock_timeout = ${Math.round(lockTimeoutMs)}`,
    );
    await lockClient.query("SELECT pg_advisory_xact_lock($1)", [MIGRATION_LOCK_KEY]).catch((error: { code?: string }) => {
      if (error.code !== "55P03") throw error;
      throw new Error(`another process has been migrating for more than ${lockTimeoutMs / 1000} s (the migration lock is held): try again once it is done`);
    });
    // dbmate prints "Applying: <file>" per migration it runs: those are the ones applied now.
    const output = await runDbmate(connection, ["up"], acceptsOptions);
    // Under the migration lock: concurrent ALTER DATABASEs would fail ("tuple concurrently updated").
    await setOnDatabase(connection, lockClient, databaseSettings);
    return [...output.matchAll(/^Applying: (\S+)/gm)].map((match) => match[1]!);
  } finally {
    // The lock is released by closing its connection, still inside its transaction (nothing to
    // commit there): a pooler then discards that server connection instead of handing on a
    // session that may predate the database's settings. (A session ending itself with
    // pg_terminate_backend was handed on before its end, and took another process's query along.)
    await lockClient.end().catch(() => {});
  }
}

/**
 * ALTER DATABASE … SET for each setting not set so already (names and values are ours, never
 * input). A database setting reaches new sessions only: the pooler's server connections opened
 * before it (by this very migration, on a first start) would run without the timeouts until the
 * pooler retires them (server_lifetime, an hour by default). So the change is committed on a
 * connection of its own while the lock is still held, and the idle sessions older than it are
 * closed before the lock is released: the next start's migration cannot pick one up, and the
 * pooler opens fresh ones. Busy ones (another process's request) are left alone.
 */
async function setOnDatabase(connection: Connection, lockClient: pg.Client, settings: Record<string, string | number>): Promise<void> {
  if (!Object.keys(settings).length) return;
  const { rows } = await lockClient.query<{ setting: string }>(
    `SELECT unnest(setconfig) AS setting FROM pg_db_role_setting
     WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  const current = new Set(rows.map((row) => row.setting));
  const missing = Object.entries(settings).filter(([name, value]) => !current.has(`${name}=${value}`));
  if (!missing.length) return;
  const alter = new pg.Client({ ...connection.pg, connectionTimeoutMillis: 10_000 });
  await alter.connect();
  try {
    await alter.query(
      `DO $$ BEGIN\n${missing.map(([name, value]) => `EXECUTE format('ALTER DATABASE %I SET ${name} = %L', current_database(), '${value}');`).join("\n")}\nEND $$`,
    );
  } finally {
    await alter.end();
  }
  // With a timeout, pg_terminate_backend waits until each has exited (so has its socket): the pooler
  // has seen them go before the lock is released, instead of handing one on to the next query.
  await lockClient.query(
    `SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity
     WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle' AND backend_start < clock_timestamp()`,
  );
}

/**
 * The lock's connection, creating the database first when it is missing (PostgreSQL says 3D000,
 * PgBouncer 08P01). Asks for no timeouts via `options`, which a pooler refuses: dbmate then runs
 * without them too (it reads PGOPTIONS).
 */
async function connectCreatingDatabase(connection: Connection): Promise<{ client: pg.Client; acceptsOptions: boolean }> {
  const connect = async (options?: string) => {
    const client = new pg.Client({ ...connection.pg, connectionTimeoutMillis: 10_000, ...(options ? { options } : {}) });
    client.on("error", () => {}); // a dropped lock connection surfaces as its next query's error
    await client.connect();
    return client;
  };
  const connectEither = async () => {
    try {
      return { client: await connect(NO_TIMEOUTS), acceptsOptions: true };
    } catch (error) {
      if (!/unsupported startup parameter/.test((error as Error).message)) throw error;
      return { client: await connect(), acceptsOptions: false };
    }
  };
  try {
    return await connectEither();
  } catch (error) {
    if (!isMissingDatabase(error)) throw error;
    // Several processes starting at once all find it missing: one creation wins (the others' fail
    // on pg_database's unique name), and every one then connects.
    const created = await runDbmate(connection, ["create"], false).then(() => undefined, (failure: Error) => failure);
    return connectEither().catch((failure) => {
      throw created ?? failure;
    });
  }
}

/** dbmate with `args` against `connection` (its output); `withoutTimeouts` asks for none (not through a pooler). */
export async function runDbmate(connection: Connection, args: string[], withoutTimeouts: boolean): Promise<string> {
  // No --wait: the server has answered already, and dbmate's wait is a silent minute.
  // binary_parameters: lib/pq then sends a query with parameters in one exchange (parse, bind,
  // execute, sync); in two, a transaction pooler may bind it on another server connection
  // ("unnamed prepared statement does not exist": 43 of 60 concurrent runs through PgBouncer).
  const withBinaryParameters = new URL(connection.dbmateUrl);
  withBinaryParameters.searchParams.set("binary_parameters", "yes");
  const url = withBinaryParameters.toString();
  const env = { ...process.env, DATABASE_URL: url, ...(withoutTimeouts ? { PGOPTIONS: NO_TIMEOUTS } : {}) };
  // node:child_process rather than Bun.spawn: migrations also run under Deno (src/deno.ts).
  return new Promise((done, fail) =>
    execFile(
      resolveBinary(),
      ["--url", url, "--migrations-dir", MIGRATIONS_DIR, "--no-dump-schema", ...args],
      { env },
      (error, stdout, stderr) =>
        error ? fail(new Error(`dbmate ${args.join(" ")} failed: ${(stderr || stdout || error.message).trim()}`)) : done(stdout),
    ));
}
