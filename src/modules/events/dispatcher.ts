import { join } from "node:path";
import type pg from "pg";
import type { EventSettings } from "../../core/config.ts";
import type { Logger } from "../../core/logger.ts";
import type { Metrics } from "../../core/observability.ts";
import type { Connection } from "../../db/connection.ts";
import { prepared } from "../../db/pool.ts";
import { claimDueDeliveries, finishAttempts } from "../../db/queries/events.queries.ts";
import { listenForEvents } from "./listener.ts";
import { mailSender } from "./mail.ts";
import { type Attempt, type Outcome, type Sender, webhookSender } from "./senders.ts";

export interface DispatcherSettings {
  maxAttempts: number;
  retryBaseSeconds: number;
  timeoutSeconds: number;
  pollIntervalSeconds: number;
  /** Attempts in flight at once in this process (default 32). */
  concurrency?: number;
}

export interface DispatcherDeps {
  pool: pg.Pool;
  /** The dedicated LISTEN connection's target (unset: poll only). */
  listen?: Connection;
  senders: Record<Attempt["channel"], Sender>;
  settings: DispatcherSettings;
  logger: Logger;
  metrics?: Metrics;
}

/** Longest wait between retries, whatever the attempt number. */
const MAX_RETRY_SECONDS = 3600;
/** How long stop() lets attempts in flight finish before aborting them. */
const STOP_GRACE_MS = 2_000;
/**
 * After a claim that found less than it had room for, the next one waits at least this long, so
 * that a trickle of notifications (one per commit) makes batches instead of a claim each. After
 * a full claim there is more due: no wait.
 */
const MIN_CLAIM_GAP_MS = 100;
const ERROR_BACKOFF_MS = { first: 250, max: 5_000 };
/** Most outcomes written by one statement. */
const OUTCOME_BATCH = 200;

/** One attempt's outcome, as finish_attempts records it. */
interface Recorded extends Outcome {
  id: number;
  attempts: number;
  retryInSeconds: number | null;
}

/**
 * Exponential backoff with jitter: the n-th failed attempt waits base × 2^(n−1), scaled by a
 * random factor in [0.5, 1.5) so that receivers coming back from an outage are not hit by every
 * retry at once; at most an hour.
 */
const retryDelaySeconds = (base: number, attempt: number) =>
  Math.min(MAX_RETRY_SECONDS, base * 2 ** (attempt - 1)) * (0.5 + Math.random());

/**
 * Sends the outbox's deliveries (one per API process; any number of them share the work).
 * Claims due deliveries in batches (claim_due_deliveries: SKIP LOCKED plus a lease, so two
 * processes never make one attempt at once and a killed process's claims come back), sends
 * them through their channel's sender, records the outcomes in batches (finish_attempts). Woken by NOTIFY
 * on its dedicated connection, by a finished attempt when there is room for more, and by the
 * poll interval, which covers notifications lost while the listener reconnected.
 */
function startDispatcher({ pool, listen, senders, settings, logger, metrics }: DispatcherDeps) {
  const db = prepared(pool);
  const concurrency = settings.concurrency ?? 32;
  // Longer than any attempt may take (a webhook: the timeout; an email: twice that), so a
  // lease never runs out under an attempt in flight.
  const leaseSeconds = settings.timeoutSeconds * 2 + 1;
  const inFlight = new Set<Promise<void>>();
  const aborter = new AbortController();
  let stopped = false;
  let wake: (() => void) | undefined;
  let woken = false;
  let lastClaimAt = 0;
  let lastClaimFull = false;
  let errorDelayMs = ERROR_BACKOFF_MS.first;
  let failing = false;

  const notify = () => {
    woken = true;
    wake?.();
  };

  /** Until something wakes the loop, or `ms` pass. */
  function sleep(ms: number): Promise<void> {
    if (woken || stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  async function attempt(delivery: Attempt) {
    const outcome = await senders[delivery.channel].send(delivery, aborter.signal).catch((error) => ({
      delivered: false,
      statusCode: null,
      error: String(error),
    }) satisfies Outcome);
    // Interrupted by stop(): never final, due again at once for whichever process runs next.
    const interrupted = !outcome.delivered && aborter.signal.aborted;
    const final = !outcome.delivered && !interrupted && delivery.attempt_in_round >= settings.maxAttempts;
    const retryInSeconds = outcome.delivered || final ? null : interrupted ? 0 : retryDelaySeconds(settings.retryBaseSeconds, delivery.attempt_in_round);
    const status = outcome.delivered ? "delivered" : final ? "failed" : "retrying";
    metrics?.delivery(delivery.channel, status);
    if (!outcome.delivered) {
      const fields = {
        delivery_id: delivery.id,
        event_id: delivery.event_id,
        event_type: delivery.event_type,
        channel: delivery.channel,
        attempt: delivery.attempts,
        status_code: outcome.statusCode,
        error: outcome.error,
        retry_in_seconds: retryInSeconds === null ? undefined : Math.round(retryInSeconds * 100) / 100,
      };
      if (final) logger.error(fields, `delivery failed for good after ${delivery.attempt_in_round} attempts`);
      else logger.warn(fields, "delivery attempt failed");
    }
    await record({ ...outcome, id: delivery.id, attempts: delivery.attempts, retryInSeconds });
  }

  /**
   * Outcomes are written in batches, one statement each: an outcome that arrives while a batch
   * is being written waits for the next (group commit). Resolves once its batch is written.
   */
  const outcomes: { row: Recorded; written: () => void }[] = [];
  let writing = false;
  function record(row: Recorded): Promise<void> {
    const recorded = new Promise<void>((written) => outcomes.push({ row, written }));
    if (!writing) void writeOutcomes();
    return recorded;
  }

  async function writeOutcomes() {
    writing = true;
    while (outcomes.length) {
      const batch = outcomes.splice(0, OUTCOME_BATCH);
      const rows = batch.map((entry) => entry.row);
      try {
        await finishAttempts.run(
          {
            ids: rows.map((row) => row.id),
            attempts: rows.map((row) => row.attempts),
            delivered: rows.map((row) => row.delivered),
            // Null elements: failed for good, no status code, no error. (pgtyped types arrays without nulls.)
            retryInSeconds: rows.map((row) => row.retryInSeconds) as number[],
            statusCodes: rows.map((row) => row.statusCode) as number[],
            errors: rows.map((row) => row.error) as string[],
          },
          db,
        );
      } catch (error) {
        // Their leases run out and they are attempted again: at least once holds.
        logger.error({ err: error, delivery_ids: rows.map((row) => row.id) }, "delivery outcomes not recorded (attempted again after their lease)");
      }
      for (const entry of batch) entry.written();
    }
    writing = false;
  }

  function start(delivery: Attempt) {
    const running: Promise<void> = attempt(delivery).finally(() => {
      inFlight.delete(running);
      // Room for a batch again: claim more.
      if (inFlight.size <= concurrency / 2) notify();
    });
    inFlight.add(running);
  }

  async function loop() {
    while (!stopped) {
      woken = false;
      const room = concurrency - inFlight.size;
      if (room <= 0) {
        await sleep(settings.pollIntervalSeconds * 1000);
        continue;
      }
      const gap = lastClaimAt + MIN_CLAIM_GAP_MS - performance.now();
      // Not wakeable, unlike sleep(): the gap bounds how often claims run. setTimeout runs on Deno too.
      if (!lastClaimFull && gap > 0) await new Promise((resolve) => setTimeout(resolve, gap));
      lastClaimAt = performance.now();
      let claimed: Attempt[];
      try {
        claimed = await claimDueDeliveries.run({ limit: room, leaseSeconds }, db);
        if (failing) logger.info("dispatcher: database reachable again");
        failing = false;
        errorDelayMs = ERROR_BACKOFF_MS.first;
      } catch (error) {
        if (!failing) logger.warn({ err: error }, "dispatcher: cannot claim deliveries, retrying");
        failing = true;
        await sleep(errorDelayMs);
        errorDelayMs = Math.min(errorDelayMs * 2, ERROR_BACKOFF_MS.max);
        continue;
      }
      for (const delivery of claimed) start(delivery);
      // A full batch: more may be due now.
      lastClaimFull = claimed.length === room;
      if (!lastClaimFull) await sleep(settings.pollIntervalSeconds * 1000);
    }
  }

  const listener = listen ? listenForEvents(listen, notify, logger) : undefined;
  const running = loop();

  return {
    /** Wakes it now (tests; the listener does this on NOTIFY). */
    wake: notify,
    /**
     * Stops claiming, lets attempts in flight finish for up to 2 s, then aborts the rest (they
     * are recorded as interrupted and due again at once). Resolves within about 3 s.
     */
    async stop() {
      if (stopped) return;
      stopped = true;
      notify();
      await listener?.close();
      await running;
      const settled = Promise.allSettled([...inFlight]);
      const timer = setTimeout(() => aborter.abort(), STOP_GRACE_MS);
      await settled;
      clearTimeout(timer);
      for (const sender of Object.values(senders)) sender.close?.();
    },
  };
}

export type Dispatcher = ReturnType<typeof startDispatcher>;

/** The dispatcher as the server runs it: both senders built from the settings. */
export function startEventDispatcher(
  deps: Omit<DispatcherDeps, "senders" | "settings"> & { settings: EventSettings; dataDir: string; concurrency?: number },
): Dispatcher {
  const { settings, dataDir, logger } = deps;
  return startDispatcher({
    ...deps,
    settings: { ...settings, concurrency: deps.concurrency },
    senders: {
      webhook: webhookSender(settings),
      email: mailSender({ smtpUrl: settings.smtpUrl, from: settings.mailFrom, mailDir: join(dataDir, "mail"), timeoutSeconds: settings.timeoutSeconds, logger }),
    },
  });
}
