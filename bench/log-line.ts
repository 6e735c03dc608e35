/**
 * `bun bench/log-line.ts`: what the one log line per request costs, written the way the server
 * writes it (requestLogger into production's BatchedStdout), and as it was written before: one
 * synchronous write per line, sonic-boom's own minLength buffering, the fields through
 * JSON.stringify, pino's own serializer. All to /dev/null. Interleaved rounds; prints the median µs per line of each.
 */
import { openSync } from "node:fs";
import pino from "pino";
import { BatchedStdout, createLogger, requestLogger } from "../src/core/logger.ts";
import { median } from "./stats.ts";

const LINES = 100_000;
const ROUNDS = 7;
const devNull = () => openSync("/dev/null", "w");
const perLine = createLogger({ destination: pino.destination({ fd: devNull(), sync: true }) });
const minLength = createLogger({ destination: pino.destination({ fd: devNull(), sync: true, minLength: 4096 }) });
const batched = createLogger({ destination: new BatchedStdout(devNull()) });
const line = (i: number) => ({
  request_id: crypto.randomUUID(),
  method: "GET",
  route: "/books/:id",
  status: 200,
  duration_ms: (i % 1000) / 100,
  user_id: i,
});
const through = (write: ReturnType<typeof requestLogger>) => (i: number) => {
  const { request_id, method, route, status, duration_ms, user_id } = line(i);
  write(request_id, method, route, status, duration_ms, user_id);
};
const batchedSink = (batched as unknown as Record<symbol, BatchedStdout>)[pino.symbols.streamSym]!;
const writers: Record<string, (i: number) => void> = {
  "requestLogger, BatchedStdout (production)": through(requestLogger(batched)),
  "requestLogger, one write per line": through(requestLogger(perLine)),
  "requestLogger, sonic-boom minLength 4096": through(requestLogger(minLength)),
  "JSON.stringify of the fields, BatchedStdout": (i) =>
    batchedSink.append(`{"time":"${new Date().toISOString()}","level":"info",${JSON.stringify(line(i)).slice(1, -1)},"msg":"request"}\n`),
  "pino logger.info, one write per line": (i) => perLine.info(line(i), "request"),
};
const times = Object.fromEntries(Object.keys(writers).map((name) => [name, [] as number[]]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, write] of Object.entries(writers)) {
    const started = performance.now();
    for (let i = 0; i < LINES; i++) write(i);
    times[name]!.push(((performance.now() - started) * 1000) / LINES);
  }
}
for (const [name, values] of Object.entries(times)) console.log(`${name}: ${median(values).toFixed(2)} µs per line`);
