/**
 * `bun bench/log-line.ts`: what the one log line per request costs, written the way the server
 * writes it (requestLogger) and through pino's own serializer, both to /dev/null synchronously
 * as in production. Interleaved rounds; prints the median µs per line of each.
 */
import pino from "pino";
import { createLogger, requestLogger } from "../src/core/logger.ts";
import { median } from "./stats.ts";

const LINES = 100_000;
const ROUNDS = 7;
const logger = createLogger({ destination: pino.destination({ dest: "/dev/null", sync: true }) });
const viaRequestLogger = requestLogger(logger);
const line = (i: number) => ({
  request_id: crypto.randomUUID(),
  method: "GET",
  route: "/books/:id",
  status: 200,
  duration_ms: (i % 1000) / 100,
  user_id: i,
});
const writers = {
  requestLogger: (i: number) => viaRequestLogger(line(i)),
  "pino logger.info": (i: number) => logger.info(line(i), "request"),
};
const times: Record<string, number[]> = { requestLogger: [], "pino logger.info": [] };
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, write] of Object.entries(writers)) {
    const started = performance.now();
    for (let i = 0; i < LINES; i++) write(i);
    times[name]!.push(((performance.now() - started) * 1000) / LINES);
  }
}
for (const [name, values] of Object.entries(times)) console.log(`${name}: ${median(values).toFixed(2)} µs per line`);
