import { createHash } from "node:crypto";
import type { IDatabaseConnection } from "@pgtyped/runtime";
import pg from "pg";
import { type Connection, isMissingDatabase } from "./connection.ts";

// DATE stays the 'YYYY-MM-DD' string it is in PostgreSQL instead of a local-midnight Date.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** What services run their queries on: the pool, or one transaction's client. */
export type Db = IDatabaseConnection;

/**
 * How long a request may wait on the database, chosen so that every request is answered within
 * 5 s even when PostgreSQL is stopped or frozen. A request waits for a pool connection at most
 * `connect` (queued, or opening one); each statement runs until PostgreSQL cancels it
 * (`statement`, lock waits included: `lock`), or, when PostgreSQL does not answer at all, until
 * the client gives up on it (`query`). During a freeze no connection is handed back (a stuck
 * statement's connection is destroyed, not reused), so a request either waits for a connection
 * (≤ 3 s) or hangs on a statement (≤ 2 s after the freeze): 5 s is the bound even for one that
 * had waited for its connection just before. Either way the answer is 503 DB_UNAVAILABLE.
 */
const DB_TIMEOUTS = { connect: 3_000, statement: 1_500, lock: 1_000, query: 2_000, idleInTransaction: 10_000 };

/** The server-side timeouts, as PostgreSQL settings (startup parameters, or per database behind a pooler). */
export const SERVER_TIMEOUTS = {
  statement_timeout: DB_TIMEOUTS.statement,
  lock_timeout: DB_TIMEOUTS.lock,
  idle_in_transaction_session_timeout: DB_TIMEOUTS.idleInTransaction,
};

/**
 * What sits between the pool and PostgreSQL. A pooler (PgBouncer) refuses startup parameters, so
 * behind one the server timeouts are set on the database instead (src/db/migrate.ts) and the
 * pool sends none; in transaction mode a session's state (named statements, SET, advisory
 * locks) lands on whichever server connection the next transaction gets.
 */
export type Pooler = "none" | "session" | "transaction";

interface PoolSettings {
  pooler?: Pooler;
  /** More server settings for this pool's sessions (direct only: behind a pooler they are set on the database). */
  settings?: Record<string, string>;
}

/** A pool that fails fast: a dead or frozen database gives a 503 within the bound above. */
export function createPool(connection: Connection, max: number, { pooler = "none", settings = {} }: PoolSettings = {}): pg.Pool {
  const direct = pooler === "none";
  const options = Object.entries(settings).map(([name, value]) => `-c ${name}=${value}`).join(" ");
  const pool = new pg.Pool({
    ...connection.pg,
    max,
    connectionTimeoutMillis: DB_TIMEOUTS.connect,
    query_timeout: DB_TIMEOUTS.query,
    ...(direct ? SERVER_TIMEOUTS : {}),
    ...(direct && options ? { options } : {}),
    keepAlive: true,
  });
  // An idle client's connection error (database restarted, network cut) would otherwise
  // be an unhandled 'error' event that kills the process; the pool drops that client.
  pool.on("error", (error) => console.error(`[db] idle client error: ${error.message}`));
  return pool;
}

/**
 * Detects a pooler that the settings do not name: PgBouncer either refuses the startup
 * parameters ("unsupported startup parameter") or, with `ignore_startup_parameters`, drops them
 * silently. Either way the timeouts must be set per database, and transaction mode is assumed
 * (the one where named statements break) unless DB_POOLER says otherwise.
 */
export async function detectPooler(connection: Connection): Promise<Pooler> {
  const client = new pg.Client({ ...connection.pg, connectionTimeoutMillis: DB_TIMEOUTS.connect, ...SERVER_TIMEOUTS });
  client.on("error", () => {});
  try {
    await client.connect();
    // 'client': it came with this connection (not from the database's own settings, which an earlier start behind a pooler set).
    const { rows } = await client.query<{ source: string }>("SELECT source FROM pg_settings WHERE name = 'statement_timeout'");
    return rows[0]?.source === "client" ? "none" : "transaction";
  } catch (error) {
    if (/unsupported startup parameter/.test((error as Error).message)) return "transaction";
    if (isMissingDatabase(error)) return "none"; // migrations create it (PgBouncer refuses the parameters first)
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Named statements are one per server connection: a transaction pooler that does not track them
 * (PgBouncer before 1.21, or without `max_prepared_statements`) answers "prepared statement … does
 * not exist" / "already exists". Off, every query goes unnamed (parsed and planned each time).
 */
let namedStatements = true;

export function useNamedStatements(enabled: boolean): void {
  namedStatements = enabled;
}

const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (!name) {
    // Once per distinct statement text: any stable digest will do, node:crypto runs everywhere.
    name = `q${createHash("sha1").update(text).digest("base64url").slice(0, 16)}`;
    statementNames.set(text, name);
  }
  return name;
}

type StatementTracer = <T>(name: string, run: () => Promise<T>) => Promise<T>;

/** Set only when tracing is on (src/core/tracing.ts): the hot path then pays one branch. */
let statementTracer: { names: Map<string, string>; wrap: StatementTracer } | undefined;

/** Every statement run through `prepared` becomes a span named after its query (`names`: SQL text → name). */
export function traceStatements(names: Map<string, string>, wrap: StatementTracer): void {
  statementTracer = { names, wrap };
}

/**
 * Runs pgtyped's queries as named prepared statements (unless turned off above): PostgreSQL
 * then parses and plans each statement once per connection instead of on every call, which
 * cuts its CPU per checkout by about a quarter.
 */
export function prepared(executor: pg.Pool | pg.PoolClient): Db {
  const run = async (text: string, values: unknown[]) => {
    const result = await executor.query(namedStatements ? { name: statementName(text), text, values } : { text, values });
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  };
  return {
    query: (text, values) =>
      statementTracer ? statementTracer.wrap(statementTracer.names.get(text) ?? "sql", () => run(text, values)) : run(text, values),
  };
}

/** True when `error` is PostgreSQL rejecting a write on the named constraint. */
export const violates = (error: unknown, constraint: string): boolean =>
  typeof error === "object" && error !== null && (error as { constraint?: string }).constraint === constraint;
