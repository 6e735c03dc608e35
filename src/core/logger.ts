import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * JSON lines on stdout (`time`, `level` as a name, `msg`, then the event's own fields). Outside
 * production the same lines go through pino-pretty when it is installed (a dev dependency: the
 * production image has none), so people read them and machines still get JSON in production.
 * Nothing logs request bodies or headers: a password or token never reaches a line.
 */
export function createLogger(
  options: { level?: LogLevel; production?: boolean; destination?: DestinationStream } = {},
): Logger {
  const settings: pino.LoggerOptions = {
    level: options.level ?? "info",
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return pino(settings, options.destination ?? (options.production ? new BatchedStdout() : prettyOrStdout()));
}

/** Waits until the lines written so far are out (call before process.exit); at most 1 s. */
export function flushLogs(logger: Logger): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, 1_000);
    try {
      logger.flush(() => {
        clearTimeout(timer);
        done();
      });
    } catch {
      clearTimeout(timer);
      done();
    }
  });
}

/**
 * Request lines are batched up to this many characters (one write per ~80 lines; under sonic-boom's
 * 16 KiB per write), and flushed at least this often.
 */
const BATCH_CHARS = 16_000;
const BATCH_FLUSH_MS = 100;

/**
 * Production's stdout: pino's own lines (startup, errors, shutdown: rare, and a failed start's
 * line must be out before process.exit) are written at once, after whatever request lines are
 * pending, so lines keep their order; request lines (`append`) are batched, since one write
 * syscall per request was most of the hooks' cost on a cached GET /books/{id}. The writes go
 * through pino's synchronous sonic-boom (partial writes, EAGAIN); its own `minLength` buffering
 * did not help (bench/log-line.ts): it measures the whole pending buffer on every line.
 */
export class BatchedStdout implements DestinationStream {
  private pending: string[] = [];
  private size = 0;
  private readonly sink: DestinationStream & { flush(done?: (error?: Error) => void): void };

  constructor(fd = 1) {
    this.sink = pino.destination({ fd, sync: true });
    setInterval(() => this.flushSync(), BATCH_FLUSH_MS).unref();
    process.on("exit", () => this.flushSync());
  }

  /** A line to write now (with the batch before it). */
  write(line: string): void {
    this.append(line);
    this.flushSync();
  }

  /** A line that may wait for the batch to fill, or for the next flush (≤ BATCH_FLUSH_MS). */
  append(line: string): void {
    this.pending.push(line);
    this.size += line.length;
    if (this.size >= BATCH_CHARS) this.flushSync();
  }

  flushSync(): void {
    if (this.size === 0) return;
    const text = this.pending.join("");
    this.pending = [];
    this.size = 0;
    this.sink.write(text);
  }

  /** pino's logger.flush(cb) lands here. */
  flush(done?: (error?: Error) => void): void {
    this.flushSync();
    this.sink.flush(done);
  }
}

function prettyOrStdout(): DestinationStream {
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => DestinationStream;
    // sync: a line logged right before process.exit (a failed start) must not be lost.
    return pretty({ colorize: process.stdout.isTTY ?? false, translateTime: "SYS:HH:MM:ss.l", ignore: "", sync: true });
  } catch {
    return pino.destination({ fd: 1, sync: true });
  }
}

/**
 * The one line per request, in the shape of pino's own lines and written to the logger's own
 * destination (batched when it is BatchedStdout), but built here from its fields as one string:
 * pino's field-by-field serializer took 5.7 µs per line; JSON.stringify of a line object, which
 * this replaced, costs as little in bench/log-line.ts's hot loop (~0.8 µs) but ~1.7 µs a request
 * more in a one-route server (bench/hooks-cpu.ts's setting). Only the request id can hold
 * characters JSON escapes (it is the client's, visible ASCII); method and route come from fixed
 * sets. The time is formatted once per millisecond.
 */
export function requestLogger(logger: Logger): (id: string, method: string, route: string, status: number, durationMs: number, userId: number | undefined) => void {
  const destination = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym]!;
  const write = destination instanceof BatchedStdout ? destination.append.bind(destination) : destination.write.bind(destination);
  let millisecond = 0;
  let time = "";
  return (id, method, route, status, durationMs, userId) => {
    if (!logger.isLevelEnabled("info")) return;
    const now = Date.now();
    if (now !== millisecond) {
      millisecond = now;
      time = new Date(now).toISOString();
    }
    const requestId = NEEDS_ESCAPE.test(id) ? JSON.stringify(id).slice(1, -1) : id;
    const user = userId === undefined ? "" : `"user_id":${userId},`;
    write(`{"time":"${time}","level":"info","request_id":"${requestId}","method":"${method}","route":"${route}","status":${status},"duration_ms":${durationMs},${user}"msg":"request"}\n`);
  };
}

const NEEDS_ESCAPE = /["\\]/;
