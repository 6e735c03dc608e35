import type pg from "pg";
import { type Db, prepared } from "./pool.ts";

/**
 * Runs `work` inside BEGIN … COMMIT on one client, ROLLBACK on any error, and releases
 * the client on every path. A client whose connection broke is released with the error
 * so the pool destroys it instead of reusing it (sending ROLLBACK to a hung connection
 * would only double the wait).
 */
export async function withTransaction<T>(pool: pg.Pool, work: (tx: Db) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query("BEGIN");
    const result = await work(prepared(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    if (isDatabaseUnavailable(error)) broken = error as Error;
    else {
      await client.query("ROLLBACK").catch((rollbackError: Error) => {
        broken = rollbackError;
      });
    }
    throw error;
  } finally {
    client.release(broken);
  }
}

const CONNECTION_ERROR_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);

/** True when the database cannot be reached, dropped the connection or timed out (lock, statement, pool wait). */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: string }).code ?? "";
  if (CONNECTION_ERROR_CODES.has(code)) return true;
  // 08xxx connection exceptions, 57P01–57P03 shutdown / cannot connect now, 53300 too many connections.
  if (/^(08|57P0[1-3]|53300)/.test(code)) return true;
  return /timeout|Connection terminated|connect ECONNREFUSED|Client has encountered a connection error/i.test(error.message);
}
