import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * JSON lines on stdout (`time`, `level` as a name, `msg`, then the event's own fields). Outside
 * production the same lines go through pino-pretty when it is installed (a dev dependency: the
 * production image has none), so people read them and machines still get JSON in production.
 * Field names that could carry a secret are censored wherever they appear.
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
  return pino(settings, options.destination ?? (options.production ? pino.destination({ fd: 1, sync: true }) : prettyOrStdout()));
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

function prettyOrStdout(): DestinationStream {
  try {
    const pretty = createRequire(import.meta.url)("pino-pretty") as (options: object) => DestinationStream;
    // sync: a line logged right before process.exit (a failed start) must not be lost.
    return pretty({ colorize: process.stdout.isTTY ?? false, translateTime: "SYS:HH:MM:ss.l", ignore: "", sync: true });
  } catch {
    return pino.destination({ fd: 1, sync: true });
  }
}
