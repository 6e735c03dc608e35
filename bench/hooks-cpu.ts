/**
 * `bun bench/hooks-cpu.ts [--baseline <checkout>] [--rounds N]`: what the observability plugin
 * costs per request in the server's own CPU, apart from the database and the network: a
 * one-route Elysia app (GET /books/:id answering a fixed book, no query) served bare, bare in a
 * second process (the control: what the method puts between equals), with only what the contract
 * itself asks (reading the client's X-Request-Id; putting one on the response), with this
 * checkout's plugin, with it but LOG_LEVEL silent, and with another checkout's plugin. Each is
 * its own process, loaded by wrk -c64 in turn (order reversed every round); the CPU the server
 * process used (/proc, utime + stime) over the requests it answered is what is compared, since it
 * moves far less than throughput on a shared machine. Prints the median µs per request of each.
 */
import { openSync } from "node:fs";
import { resolve } from "node:path";
import pino from "pino";
import { cpuSeconds, median } from "./stats.ts";

const option = (name: string) => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};

// A request as the API benchmark sends it carries a token (the route never reads it): the headers Bun builds for X-Request-Id include it.
const FAKE_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwicm9sZSI6InVzZXIifQ.c2lnbmF0dXJl";

if (process.argv[2] === "--serve") await serve(process.argv[3]!, Number(process.argv[4]), process.argv[5]);
else await compare();

/**
 * One variant's server: "bare" (and "bare again"), "read id" (a wrap reading X-Request-Id),
 * "set id" (a wrap putting X-Request-Id on the Response), "plugin", "silent" (the plugin,
 * LOG_LEVEL silent), "baseline".
 */
async function serve(variant: string, port: number, baseline?: string) {
  const root = variant === "baseline" ? resolve(baseline!) : resolve(import.meta.dir, "..");
  const { Elysia } = (await import(resolve(root, "node_modules/elysia"))) as typeof import("elysia");
  const app = new Elysia();
  // The contract's two costs alone, written the way the plugin does them.
  if (variant === "read id") app.wrap((handle, request) => (void request.headers.get("x-request-id"), handle));
  if (variant === "set id") {
    const setId = (response: Response) => (response.headers.set("x-request-id", crypto.randomUUID()), response);
    app.wrap((handle) => (...args: unknown[]) => {
      const answer = (handle as unknown as (...args: unknown[]) => Response | Promise<Response>)(...args);
      return answer instanceof Promise ? answer.then(setId) : setId(answer);
    });
  }
  if (variant === "plugin" || variant === "silent" || variant === "baseline") {
    const { observabilityPlugin, createMetrics } = await import(resolve(root, "src/core/observability.ts"));
    const { createLogger, BatchedStdout } = await import(resolve(root, "src/core/logger.ts"));
    // As production writes: to stdout (here /dev/null), batched where the checkout batches.
    const fd = openSync("/dev/null", "w");
    const destination = BatchedStdout ? new BatchedStdout(fd) : pino.destination({ fd, sync: true });
    const logger = createLogger({ level: variant === "silent" ? "silent" : "info", destination });
    app.use(observabilityPlugin(logger, createMetrics({ totalCount: 0, idleCount: 0, waitingCount: 0 })));
  }
  const book = { id: 0, title: "Bench book", author: "Bench Author", price: "9.99", stock_quantity: 100 };
  app.get("/books/:id", async ({ params }) => ({ ...book, id: Number(params.id) })).listen({ port, hostname: "127.0.0.1" });
}

async function compare() {
  const baseline = option("--baseline");
  const rounds = Number(option("--rounds") ?? 8);
  const variants = ["bare", "bare again", "read id", "set id", "plugin", "silent", ...(baseline ? ["baseline"] : [])];
  const servers = variants.map((variant, i) => {
    const port = 30_000 + Math.floor(Math.random() * 10_000) + i;
    const proc = Bun.spawn(["bun", import.meta.path, "--serve", variant, String(port), baseline ?? ""], { stdout: "inherit", stderr: "inherit" });
    return { variant, port, proc, cpu: [] as number[], rate: [] as number[] };
  });
  try {
    for (const server of servers) {
      while (!(await fetch(`http://127.0.0.1:${server.port}/books/1`).then((r) => r.ok, () => false))) await Bun.sleep(100);
    }
    for (let round = 0; round < rounds; round++) {
      for (const server of round % 2 ? servers.toReversed() : servers) {
        const before = cpuSeconds([server.proc.pid]);
        const wrk = Bun.spawn(["wrk", "-t1", "-c64", "-d3s", "-H", `Authorization: Bearer ${FAKE_TOKEN}`, `http://127.0.0.1:${server.port}/books/5`], { stdout: "pipe" });
        const output = await new Response(wrk.stdout).text();
        const requests = Number(/(\d+) requests in/.exec(output)?.[1]);
        server.cpu.push(((cpuSeconds([server.proc.pid]) - before) * 1e6) / requests);
        server.rate.push(Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1]));
      }
    }
  } finally {
    for (const server of servers) server.proc.kill();
  }
  const bare = median(servers[0]!.cpu);
  for (const { variant, cpu, rate } of servers) {
    console.log(`${variant.padEnd(11)} server CPU ${median(cpu).toFixed(1)} µs/request (+${(median(cpu) - bare).toFixed(1)}), ${median(rate).toFixed(0)} req/s`);
  }
}
