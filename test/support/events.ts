/**
 * Real counterparts for the outbox tests: an HTTP webhook receiver that records every attempt,
 * an SMTP server (smtp-server) whose mail is parsed with mailparser, and a dispatcher with
 * short intervals.
 */
import { afterAll } from "bun:test";
import { type ParsedMail, simpleParser } from "mailparser";
import type pg from "pg";
import { SMTPServer } from "smtp-server";
import type { EventSettings } from "../../src/core/config.ts";
import type { Logger } from "../../src/core/logger.ts";
import type { Metrics } from "../../src/core/observability.ts";
import type { Connection } from "../../src/db/connection.ts";
import { startEventDispatcher } from "../../src/modules/events/dispatcher.ts";

export interface ReceivedAttempt {
  path: string;
  headers: Record<string, string>;
  body: string;
  startedAt: number;
  endedAt?: number;
  status?: number;
}

/** Answers a request (after any delay it likes); the default answers 204. */
export type Answer = (attempt: ReceivedAttempt, request: Request) => Promise<Response> | Response;

/** A webhook receiver on a free port: `answer` per path, every attempt recorded with its timing. */
export function startReceiver(port = 0) {
  const attempts: ReceivedAttempt[] = [];
  const answers = new Map<string, Answer>();
  const server = Bun.serve({
    port,
    hostname: "127.0.0.1",
    idleTimeout: 0,
    async fetch(request) {
      const url = new URL(request.url);
      const attempt: ReceivedAttempt = {
        path: url.pathname,
        headers: Object.fromEntries(request.headers),
        body: await request.text(),
        startedAt: performance.now(),
      };
      attempts.push(attempt);
      const response = await (answers.get(url.pathname) ?? (() => new Response(null, { status: 204 })))(attempt, request);
      attempt.endedAt = performance.now();
      attempt.status = response.status;
      return response;
    },
  });
  afterAll(() => server.stop(true));
  return {
    server,
    attempts,
    url: (path: string) => `http://127.0.0.1:${server.port}${path}`,
    answer: (path: string, answer: Answer) => void answers.set(path, answer),
    to: (path: string) => attempts.filter((attempt) => attempt.path === path),
  };
}

/** An SMTP server in this process: every message it accepts, parsed. */
export async function startSmtpSink() {
  const mails: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    disableReverseLookup: true,
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        mails.push(mail);
        callback();
      }, callback);
    },
  });
  // A sender killed mid-conversation (the kill -9 tests) resets its connection: expected, and
  // without a listener smtp-server's error event would fail whichever test is running.
  server.on("error", () => {});
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  afterAll(() => new Promise<void>((resolve) => server.close(resolve)));
  return { mails, url: `smtp://127.0.0.1:${port}` };
}

/** Settings that make every wait short: 0.1 s retries, a 0.5 s timeout. */
export const FAST_EVENTS: EventSettings = {
  smtpUrl: undefined,
  mailFrom: "Bookstore Test <orders@bookstore.test>",
  maxAttempts: 3,
  retryBaseSeconds: 0.1,
  timeoutSeconds: 0.5,
  allowPrivate: true,
  listenDatabaseUrl: undefined,
  pollIntervalSeconds: 0.25,
};

export function startTestDispatcher(options: {
  pool: pg.Pool;
  listen?: Connection;
  settings?: Partial<EventSettings>;
  logger: Logger;
  metrics?: Metrics;
  dataDir?: string;
}) {
  const dispatcher = startEventDispatcher({
    pool: options.pool,
    listen: options.listen,
    settings: { ...FAST_EVENTS, ...options.settings },
    dataDir: options.dataDir ?? "/nonexistent",
    logger: options.logger,
    metrics: options.metrics,
  });
  afterAll(() => dispatcher.stop());
  return dispatcher;
}

/** Polls `probe` until it returns something truthy, or fails after `ms`. */
type Falsy = false | 0 | "" | null | undefined;

export async function eventually<T>(probe: () => T | Promise<T>, ms = 5_000, what = "condition"): Promise<Exclude<T, Falsy>> {
  const deadline = performance.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value as Exclude<T, Falsy>;
    if (performance.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await Bun.sleep(20);
  }
}
