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
    if (isConnectionLost(error)) broken = error as Error;
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

const SOCKET_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
const DRIVER_ERRORS =
  /^(Connection terminated|Client has encountered a connection error|timeout exceeded when trying to connect|Query read timeout)/;

const codeOf = (error: unknown) => (error instanceof Error && (error as { code?: string }).code) || "";

/** True when the connection itself failed: unreachable, dropped, or silent past the query timeout. */
function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = codeOf(error);
  // 08xxx connection exceptions; 57P01–57P03 shutting down / cannot connect now.
  return SOCKET_ERRORS.has(code) || /^(08|57P0[1-3])/.test(code) || DRIVER_ERRORS.test(error.message);
}

/**
 * True when the database cannot serve the request now: connection lost, too many connections
 * (53300), or it did not answer in time — statement_timeout (57014), lock_timeout (55P03).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  return isConnectionLost(error) || ["53300", "57014", "55P03"].includes(codeOf(error));
}
