/**
 * `bun bench/scaleout.ts [--seconds N] [--rounds N]`: the numbers behind README "Scaling out".
 *   1. A primary and a synchronous streaming standby (embedded): write latency with
 *      synchronous_commit local / on / remote_apply, interleaved; how many reads of the standby
 *      right after a write are stale under each; what a commit-LSN token would cost instead.
 *   2. The server timeouts as SET LOCAL prepended to BEGIN (one round trip either way) against
 *      plain BEGIN: the price of the per-transaction alternative to ALTER DATABASE … SET.
 *   3. The purchase cycle against 1 and 3 API processes, direct and behind PgBouncer in transaction
 *      mode (when installed), rounds interleaved.
 * Prints a report; nothing is asserted.
 */
import { join } from "node:path";
import pg from "pg";
import { createAccessTokens } from "../src/core/auth.ts";
import { resolveConnection } from "../src/db/connection.ts";
import { migrate } from "../src/db/migrate.ts";
import { PGBOUNCER, startPgBouncer } from "../test/support/pgbouncer.ts";
import { startServerProcess } from "../test/support/process.ts";
import { startReplicatedCluster } from "../test/support/replication.ts";
import { type LoadResult, median, percentile } from "./stats.ts";

const argument = (name: string, fallback: number) => {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 ? Number(process.argv[index + 1]) : fallback;
};
const SECONDS = argument("seconds", 5);
const ROUNDS = argument("rounds", 3);
const SAMPLES = argument("samples", 1000);
const ROOT = join(import.meta.dir, "..");

const p50p99 = (values: number[]) => {
  const sorted = values.toSorted((a, b) => a - b);
  return `${percentile(sorted, 50).toFixed(3)} / ${percentile(sorted, 99).toFixed(3)} ms`;
};

async function timed(run: () => Promise<unknown>): Promise<number> {
  const began = performance.now();
  await run();
  return performance.now() - began;
}

async function replicaCosts() {
  const cluster = await startReplicatedCluster();
  const primary = new pg.Client(cluster.primary.url);
  const standby = new pg.Client(cluster.standby.url);
  await Promise.all([primary.connect(), standby.connect()]);
  try {
    await primary.query("CREATE TABLE counter (id int PRIMARY KEY, v int NOT NULL); INSERT INTO counter VALUES (1, 0)");
    const modes = ["local", "on", "remote_apply"] as const;
    const latency = Object.fromEntries(modes.map((mode) => [mode, [] as number[]]));
    const stale = Object.fromEntries(modes.map((mode) => [mode, 0]));
    const lag: number[] = [];
    let v = 0;
    // Interleaved: 50 writes of each mode in turn, so drift hits all three alike.
    for (let block = 0; block < SAMPLES / 50; block++) {
      for (const mode of modes) {
        await primary.query(`SET synchronous_commit = ${mode}`);
        for (let i = 0; i < 50; i++) {
          v++;
          latency[mode]!.push(await timed(() => primary.query("UPDATE counter SET v = $1 WHERE id = 1", [v])));
          const { rows } = await standby.query<{ v: number }>("SELECT v FROM counter WHERE id = 1");
          if (rows[0]!.v !== v) stale[mode]!++;
        }
      }
      const { rows } = await primary.query<{ ms: number }>("SELECT extract(epoch FROM replay_lag) * 1000 AS ms FROM pg_stat_replication");
      if (rows[0]?.ms != null) lag.push(Number(rows[0].ms));
    }
    // The token alternative: after the commit, the primary's WAL position (one more round trip for a
    // single statement; RETURNING would give a position before the commit record), and the replica
    // read asks whether it has replayed that far (a comparison in the same query).
    await primary.query("SET synchronous_commit = local");
    const tokenWrites: number[] = [];
    const tokenReads: number[] = [];
    const plainReads: number[] = [];
    let behind = 0;
    for (let i = 0; i < SAMPLES; i++) {
      v++;
      let lsn = "";
      tokenWrites.push(await timed(async () => {
        await primary.query("UPDATE counter SET v = $1 WHERE id = 1", [v]);
        lsn = (await primary.query<{ lsn: string }>("SELECT pg_current_wal_lsn()::text AS lsn")).rows[0]!.lsn;
      }));
      tokenReads.push(await timed(async () => {
        const { rows } = await standby.query<{ fresh: boolean }>(
          "SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS fresh, v FROM counter WHERE id = 1",
          [lsn],
        );
        if (!rows[0]!.fresh) behind++;
      }));
      plainReads.push(await timed(() => standby.query("SELECT v FROM counter WHERE id = 1")));
    }
    console.log(`\n## 1. Read-your-writes on a streaming standby (${SAMPLES} writes per mode, each read back at once on the standby)`);
    console.log("| synchronous_commit | write p50 / p99 | stale reads right after |");
    console.log("|---|---|---|");
    for (const mode of modes) console.log(`| ${mode} | ${p50p99(latency[mode]!)} | ${stale[mode]} of ${SAMPLES} |`);
    console.log(`replay_lag as pg_stat_replication reports it: p50 ${median(lag).toFixed(3)} ms, max ${Math.max(...lag).toFixed(3)} ms`);
    console.log(`LSN token: write + pg_current_wal_lsn() ${p50p99(tokenWrites)} (local commit; plain local write above); ` +
      `replica read with the LSN check ${p50p99(tokenReads)} vs plain ${p50p99(plainReads)}; ` +
      `${behind} of ${SAMPLES} reads found the replica behind the token (those would go to the primary)`);
  } finally {
    await Promise.all([primary.end(), standby.end()]);
    await cluster.stop();
  }
}

async function setLocalCost(url: string) {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await client.query("CREATE TABLE IF NOT EXISTS counter2 (id int PRIMARY KEY, v int NOT NULL); INSERT INTO counter2 VALUES (1, 0) ON CONFLICT DO NOTHING");
    const begins = {
      "BEGIN": "BEGIN",
      "BEGIN; SET LOCAL ×3": "BEGIN; SET LOCAL statement_timeout = 1500; SET LOCAL lock_timeout = 1000; SET LOCAL idle_in_transaction_session_timeout = 10000",
    };
    const times = Object.fromEntries(Object.keys(begins).map((name) => [name, [] as number[]]));
    for (let block = 0; block < SAMPLES / 50; block++) {
      for (const [name, begin] of Object.entries(begins)) {
        for (let i = 0; i < 50; i++) {
          times[name]!.push(await timed(async () => {
            await client.query(begin);
            await client.query({ name: "bump", text: "UPDATE counter2 SET v = v + 1 WHERE id = 1" });
            await client.query("COMMIT");
          }));
        }
      }
    }
    console.log(`\n## 2. Timeouts per transaction: a 3-statement transaction, ${SAMPLES} each, interleaved`);
    for (const [name, values] of Object.entries(times)) console.log(`${name}: ${p50p99(values)}`);
  } finally {
    await client.end();
  }
}

async function processes(primaryUrl: string) {
  const JWT_SECRET = "bench-scaleout-secret-0123456789abcdef";
  const admin = new pg.Client(primaryUrl);
  await admin.connect();
  await admin.query("CREATE DATABASE scaleout");
  await admin.end();
  const url = Object.assign(new URL(primaryUrl), { pathname: "/scaleout" }).toString();
  await migrate(await resolveConnection(url));
  const db = new pg.Client(url);
  await db.connect();
  const VUS = 24;
  const tokens = createAccessTokens(JWT_SECRET, 24 * 3600);
  const { rows: users } = await db.query<{ id: number }>(
    `WITH u AS (INSERT INTO users (email, password_hash) SELECT 'scale' || n || '@example.com', 'x' FROM generate_series(1, $1::int) n RETURNING id),
     c AS (INSERT INTO carts (user_id) SELECT id FROM u) SELECT id FROM u ORDER BY id`,
    [VUS],
  );
  const { rows: books } = await db.query<{ id: number }>(
    "INSERT INTO books (title, author, price, stock_quantity) SELECT 'Scale ' || n, 'A', 9.99, 1000000000 FROM generate_series(1, $1::int) n RETURNING id",
    [VUS],
  );
  await db.end();
  const signed = await Promise.all(users.map(async (user, i) => ({ token: await tokens.sign({ id: user.id, role: "user" }), bookIds: [books[i]!.id] })));
  const bouncer = PGBOUNCER ? await startPgBouncer({ server: url, mode: "transaction", poolSize: 10 }) : undefined;
  const env = { JWT_SECRET, NODE_ENV: "production", RATE_LIMIT_ENABLED: "false", LOG_LEVEL: "info" };
  const setups = [
    { name: "1 process, direct", count: 1, databaseUrl: url, extra: {} },
    { name: "3 processes, direct (pool 10 each)", count: 3, databaseUrl: url, extra: {} },
    ...(bouncer ? [{ name: "3 processes, PgBouncer transaction (10 server connections)", count: 3, databaseUrl: bouncer.url(url), extra: { DB_POOLER: "transaction", EVENTS_LISTEN_DATABASE_URL: url } }] : []),
  ];
  const results = new Map<string, LoadResult[]>();
  try {
    for (let round = 0; round < ROUNDS; round++) {
      for (const setup of round % 2 ? setups.toReversed() : setups) {
        const servers = await Promise.all(
          Array.from({ length: setup.count }, () =>
            startServerProcess({ env: { ...env, ...setup.extra, DATABASE_URL: setup.databaseUrl }, waitUntilListening: true })),
        );
        try {
          // Three load processes in every setup, 8 users each, spread over the API processes.
          const loads = await Promise.all([0, 1, 2].map(async (part) => {
            const input = {
              mode: "purchase",
              baseUrl: servers[part % servers.length]!.base,
              users: signed.slice(part * 8, part * 8 + 8),
              warmupMs: 1000,
              durationMs: SECONDS * 1000,
            };
            const proc = Bun.spawn(["bun", join(ROOT, "bench/load-http.ts"), JSON.stringify(input)], { cwd: ROOT, stdout: "pipe", stderr: "inherit" });
            const out = await new Response(proc.stdout).text();
            return JSON.parse(out.trim().split("\n").at(-1)!) as LoadResult;
          }));
          const combined = {
            ...loads[0]!,
            perSecond: loads.reduce((sum, load) => sum + load.perSecond, 0),
            errors: loads.reduce((sum, load) => sum + load.errors, 0),
            p50: median(loads.map((load) => load.p50)),
          };
          results.set(setup.name, [...(results.get(setup.name) ?? []), combined]);
        } finally {
          await Promise.all(servers.map((server) => server.stop()));
        }
      }
    }
  } finally {
    await bouncer?.stop();
  }
  console.log(`\n## 3. Purchase cycle (add 1 book, check out), 24 users in 3 load processes, ${ROUNDS} interleaved rounds × ${SECONDS} s`);
  console.log("| setup | purchases/s, median (min–max) | cycle p50 ms | errors |");
  console.log("|---|---|---|---|");
  const base = median(results.get(setups[0]!.name)!.map((run) => run.perSecond));
  for (const setup of setups) {
    const runs = results.get(setup.name)!;
    const rates = runs.map((run) => run.perSecond);
    console.log(`| ${setup.name} | ${median(rates).toFixed(0)} (${Math.min(...rates).toFixed(0)}–${Math.max(...rates).toFixed(0)}), ×${(median(rates) / base).toFixed(2)} | ${median(runs.map((run) => run.p50)).toFixed(2)} | ${runs.reduce((sum, run) => sum + run.errors, 0)} |`);
  }
}

console.log(`machine: ${navigator.hardwareConcurrency} cores; ${PGBOUNCER ? "pgbouncer found" : "no pgbouncer: its setup skipped"}`);
await replicaCosts();
const { startEmbeddedPostgres, createScratchDir } = await import("../src/db/embedded.ts");
const scratch = createScratchDir("bookstore-scaleout-");
const single = await startEmbeddedPostgres({ dataDir: join(scratch, "pg"), persistent: false });
try {
  await setLocalCost(single.url);
  await processes(single.url);
} finally {
  await single.stop();
}
