import type pg from "pg";
import type { Config } from "../core/config.ts";
import { type Connection, resolveConnection } from "./connection.ts";
import { startEmbeddedPostgres } from "./embedded.ts";
import { migrate } from "./migrate.ts";
import { createPool, detectPooler, type Pooler, SERVER_TIMEOUTS, useNamedStatements } from "./pool.ts";
import { primaryReads, type Reads, replicaReads } from "./replicas.ts";

export interface Database {
  pool: pg.Pool;
  connection: Connection;
  /** The catalog's reads: on the replicas when DATABASE_REPLICA_URL is set, else the pool. */
  reads: Reads;
  /** Closes the pools, then stops the embedded PostgreSQL if this process started one. */
  close(): Promise<void>;
}

type DatabaseConfig = Pick<
  Config,
  "databaseUrl" | "dataDir" | "dbPoolMax" | "migrationDatabaseUrl" | "migrationLockTimeoutMs" | "replicaUrls" | "pooler" | "preparedStatements"
>;

/** Writes return once every synchronous standby has applied them: the replicas' read-your-writes. */
const ON_REPLICAS = { synchronous_commit: "remote_apply" };

/** DATABASE_URL, or an embedded PostgreSQL kept in .data/postgres; migrated either way. */
export async function openDatabase(config: DatabaseConfig, log: (line: string) => void): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: `${config.dataDir}/postgres`, persistent: true });
  const pools: pg.Pool[] = [];
  try {
    const connection = await resolveConnection(config.databaseUrl ?? embedded!.url);
    log(embedded ? `embedded PostgreSQL ready (data in ${embedded.dataDir})` : `using DATABASE_URL (${connection.label})`);
    const pooler: Pooler = config.pooler ?? (embedded ? "none" : await detectPooler(connection));
    const named = config.preparedStatements ?? pooler !== "transaction";
    useNamedStatements(named);
    if (pooler !== "none") {
      const how = config.pooler ? "DB_POOLER" : "detected: it refused or dropped the startup parameters";
      log(`DATABASE_URL is a ${pooler}-mode pooler (${how}): server timeouts set on the database, ${named ? "named" : "unnamed"} statements`);
    }
    const settings = config.replicaUrls.length ? ON_REPLICAS : {};
    // The embedded PostgreSQL is migrated where the pool reads; config defaults the URL to DATABASE_URL.
    const migrationUrl = embedded ? undefined : config.migrationDatabaseUrl;
    const migrationConnection = migrationUrl && migrationUrl !== config.databaseUrl ? await resolveConnection(migrationUrl) : connection;
    const applied = await migrate(migrationConnection, {
      lockTimeoutMs: config.migrationLockTimeoutMs,
      databaseSettings: pooler === "none" ? {} : { ...SERVER_TIMEOUTS, ...settings },
    });
    log(applied.length ? `migrations applied: ${applied.join(", ")}` : "migrations: schema up to date");
    const pool = createPool(connection, config.dbPoolMax, { pooler, settings });
    pools.push(pool);
    if (pooler !== "none") log(`server timeouts through the pooler: ${await readTimeouts(pool)}`);
    const reads = await openReads(pool, config, pooler, pools, log);
    return {
      pool,
      connection,
      reads,
      async close() {
        await closePools(pools);
        await embedded?.stop();
      },
    };
  } catch (error) {
    await closePools(pools);
    await embedded?.stop();
    throw error;
  }
}

/** What a pooled server connection actually runs with (a server connection opened before the ALTER DATABASE keeps its old values). */
async function readTimeouts(pool: pg.Pool): Promise<string> {
  const names = Object.keys(SERVER_TIMEOUTS);
  const { rows } = await pool.query<Record<string, string>>(`SELECT ${names.map((name) => `current_setting('${name}') AS ${name}`).join(", ")}`);
  return names.map((name) => `${name}=${rows[0]![name]}`).join(", ");
}

async function openReads(primary: pg.Pool, config: DatabaseConfig, pooler: Pooler, pools: pg.Pool[], log: (line: string) => void): Promise<Reads> {
  if (!config.replicaUrls.length) return primaryReads(primary);
  // remote_apply waits for the standbys named here only: without any, a replica read may be stale.
  const { rows } = await primary.query<{ names: string }>("SELECT current_setting('synchronous_standby_names') AS names");
  if (!rows[0]!.names.trim()) {
    log("DATABASE_REPLICA_URL is set but the primary has no synchronous_standby_names: catalog reads stay on the primary (see README, Scaling out)");
    return primaryReads(primary);
  }
  const replicas = await Promise.all(config.replicaUrls.map(async (url) => createPool(await resolveConnection(url), config.dbPoolMax, { pooler })));
  pools.push(...replicas);
  log(`catalog reads on ${replicas.length} replica(s); writes wait for synchronous_standby_names = '${rows[0]!.names}' to apply them`);
  return replicaReads(primary, replicas);
}

async function closePools(pools: pg.Pool[]): Promise<void> {
  // pool.end() resolves before its sockets are closed, so PostgreSQL stopping right after
  // may still "terminate" them: expected here, not worth an error line.
  await Promise.all(pools.map((pool) => pool.removeAllListeners("error").on("error", () => {}).end()));
}
