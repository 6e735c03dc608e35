import pg from "pg";
import type { Connection } from "../../db/connection.ts";
import type { Logger } from "../../core/logger.ts";

/** The channel record_event and the retry route notify on. */
const EVENTS_CHANNEL = "order_events";

// Capped low: a LISTEN connection is one cheap connection, and every second without it is a
// second of events waiting for the poll.
const RECONNECT = { firstMs: 250, maxMs: 2_000 };

/**
 * LISTEN on a connection of its own, outside the request pool (a pooled connection would be
 * handed to requests, and a transaction-mode pooler cannot hold a LISTEN at all). When the
 * connection drops (PostgreSQL restarted, network cut) it reconnects with a doubling backoff
 * and LISTENs again; `onWake` runs on every notification and after every (re)connection, since
 * notifications sent while it was away are lost. Polling covers whatever this misses.
 */
export function listenForEvents(connection: Connection, onWake: () => void, logger: Logger) {
  let client: pg.Client | undefined;
  let closed = false;
  let delayMs = RECONNECT.firstMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let lost = false;

  const reconnectLater = () => {
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delayMs);
    delayMs = Math.min(delayMs * 2, RECONNECT.maxMs);
  };

  async function connect() {
    const candidate = new pg.Client({ ...connection.pg, connectionTimeoutMillis: 3_000, keepAlive: true });
    client = candidate;
    const drop = (error?: Error) => {
      if (client !== candidate) return;
      client = undefined;
      candidate.removeAllListeners();
      candidate.on("error", () => {});
      void candidate.end().catch(() => {});
      if (closed) return;
      if (!lost) logger.warn({ err: error }, "event listener connection lost: reconnecting");
      lost = true;
      reconnectLater();
    };
    candidate.on("error", drop);
    candidate.on("end", () => drop());
    candidate.on("notification", () => onWake());
    try {
      await candidate.connect();
      await candidate.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (error) {
      drop(error as Error);
      return;
    }
    if (closed) return void candidate.end().catch(() => {});
    if (lost) logger.info("event listener reconnected");
    lost = false;
    delayMs = RECONNECT.firstMs;
    onWake();
  }

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      await current?.end().catch(() => {});
    },
  };
}
