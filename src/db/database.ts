import type pg from "pg";
import type { Config } from "../core/config.ts";
import { type Connection, resolveConnection } from "./connection.ts";
import { startEmbeddedPostgres } from "./embedded.ts";
import { migrate } from "./migrate.ts";
import { createPool } from "./pool.ts";

export interface Database {
  pool: pg.Pool;
  connection: Connection;
  /** Closes the pool, then stops the embedded PostgreSQL if this process started one. */
  close(): Promise<void>;
}

/** DATABASE_URL, or an embedded PostgreSQL kept in .data/postgres; migrated either way. */
export async function openDatabase(config: Config, log: (line: string) => void): Promise<Database> {
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: `${config.dataDir}/postgres`, persistent: true });
  try {
    const connection = await resolveConnection(config.databaseUrl ?? embedded!.url);
    log(embedded ? `embedded PostgreSQL ready (data in ${embedded.dataDir})` : `using DATABASE_URL (${connection.label})`);
    const applied = await migrate(connection);
    log(applied.length ? `migrations applied: ${applied.join(", ")}` : "migrations: schema up to date");
    const pool = createPool(connection, config.dbPoolMax);
    return {
      pool,
      connection,
      async close() {
        // pool.end() resolves before its sockets are closed, so PostgreSQL stopping right after
        // may still "terminate" them: expected here, not worth an error line.
        pool.removeAllListeners("error").on("error", () => {});
        await pool.end();
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
