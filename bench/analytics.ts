/**
 * The admin analytics at scale (started by bench/run.ts): every analytics route, on a database of
 * its own holding 1 000 000 orders (--quick: 20 000) spread evenly over the two years up to now,
 * a tenth cancelled, of 1–3 lines each over 5 000 books (a skewed spread: some sell far more),
 * seeded by one generate_series statement per table, then every day before today rolled up
 * (rebuildSalesRollups; today's orders are read from the orders, as in production). Requests are sequential, one at a time, through the API as production runs
 * it, interleaved round by round. Reported: p50/p99 per request against the ≤ 50 ms target, and
 * for comparison what the plain aggregate over the orders (no rollup) takes for the same period.
 */
import pg from "pg";
import { createAccessTokens } from "../src/core/auth.ts";
import { resolveConnection } from "../src/db/connection.ts";
import { createPool } from "../src/db/pool.ts";
import { rebuildSalesRollups } from "../src/modules/analytics/service.ts";
import { KeepAliveConnection } from "./http-client.ts";
import { freshDatabase, type Setup } from "./setup.ts";
import { percentile } from "./stats.ts";

export const ANALYTICS_SCENARIO = "analytics at scale";

export interface AnalyticsReport {
  orders: number;
  seedSeconds: number;
  rows: { request: string; "p50 / p99 ms": string; target: string; met: string }[];
  plain: { aggregate: string; ms: string }[];
}

const TARGET_MS = 50;
const BOOKS = 5_000;
const USERS = 1_000;

const REQUESTS = [
  "/admin/analytics/sales?period=today",
  "/admin/analytics/sales?period=week",
  "/admin/analytics/sales?period=month",
  "/admin/analytics/sales?period=year",
  "/admin/analytics/top-books?period=today",
  "/admin/analytics/top-books?period=week",
  "/admin/analytics/top-books?period=month",
  "/admin/analytics/top-books?period=year",
  "/admin/analytics/top-books?period=year&by=units&limit=50",
  "/admin/analytics/low-stock",
  "/admin/analytics/low-stock?threshold=100&limit=100",
];

export async function runAnalytics(setup: Setup): Promise<AnalyticsReport> {
  const orders = setup.quick ? 20_000 : 1_000_000;
  const warmup = setup.quick ? 3 : 10;
  const samples = setup.quick ? 15 : 50;

  const began = performance.now();
  const database = await analyticsDatabase(setup, orders);
  const seedSeconds = (performance.now() - began) / 1000;
  setup.log(`analytics: seeded ${orders} orders in ${seedSeconds.toFixed(0)} s`);

  const api = await setup.startApi(database.url);
  const token = await createAccessTokens(setup.jwtSecret, 24 * 3600).sign({ id: 1, role: "admin" });
  const connection = await KeepAliveConnection.open(api.url);
  const latencies = REQUESTS.map(() => [] as number[]);
  let errors = 0;
  for (let round = 0; round < warmup + samples; round++) {
    for (const [r, path] of REQUESTS.entries()) {
      const started = performance.now();
      const reply = await connection.send(connection.encode("GET", path, { authorization: `Bearer ${token}` }));
      const ms = performance.now() - started;
      if (reply.status !== 200) {
        errors++;
        setup.log(`analytics: ${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
      }
      if (round >= warmup) latencies[r]!.push(ms);
    }
  }
  connection.close();

  const rows = REQUESTS.map((path, r) => {
    const sorted = latencies[r]!.toSorted((a, b) => a - b);
    const [p50, p99] = [percentile(sorted, 50), percentile(sorted, 99)];
    // The target is for a million orders; a quick run's table is too small to judge.
    const met = setup.quick ? "(full run)" : p50 <= TARGET_MS ? "yes" : "NO";
    return { request: `GET ${path.replace("/admin/analytics", "")}`, "p50 / p99 ms": `${p50.toFixed(2)} / ${p99.toFixed(2)}`, target: `p50 ≤ ${TARGET_MS} ms`, met };
  });
  if (errors) rows.push({ request: `errors: ${errors} responses not 200`, "p50 / p99 ms": "NaN", target: "", met: "NO" });
  const plain = await plainAggregates(database.client);
  await database.client.end();
  return { orders, seedSeconds, rows, plain };
}

/** A fresh, migrated database holding `orders` generated orders and their lines, rollups rebuilt. */
async function analyticsDatabase(setup: Setup, orders: number) {
  const database = await freshDatabase(setup, `analytics_${orders}`);
  await database.client.query("SET maintenance_work_mem = '256MB'");
  await bulkLoad(database.client, orders);
  const began = performance.now();
  const pool = createPool(await resolveConnection(database.url), 1);
  try {
    // As `bun run analytics:rebuild` after a bulk import: from the first order's day on.
    const days = await rebuildSalesRollups(pool);
    setup.log(`analytics: ${days} days rolled up in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  } finally {
    await pool.end();
  }
  await database.client.query("ANALYZE daily_sales, book_period_sales");
  return database;
}

/**
 * As a bulk load is done: secondary indexes of orders and order_items dropped, foreign-key
 * triggers off (session_replication_role), rows inserted, indexes rebuilt, VACUUM ANALYZE: the
 * tables as a long-running shop's would be.
 */
export async function bulkLoad(client: pg.Client, orders: number): Promise<void> {
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index AS i
     WHERE i.indrelid IN ('orders'::regclass, 'order_items'::regclass) AND NOT i.indisprimary
       AND NOT EXISTS (SELECT FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  await client.query("SET session_replication_role = replica");
  await client.query(
    `INSERT INTO users (email, password_hash) SELECT 'analytics' || n || '@example.com', 'not-a-hash' FROM generate_series(1, $1::int) AS n`,
    [USERS],
  );
  await client.query(
    `INSERT INTO books (title, author, price, stock_quantity)
     SELECT 'Analytics Book ' || n, 'Author ' || n % 700, 3 + n % 40 + 0.99, abs(hashint4(n)) % 300
     FROM generate_series(1, $1::int) AS n`,
    [BOOKS],
  );
  // Evenly spread over the two years up to now; a tenth cancelled, the rest in every other status.
  await client.query(
    `INSERT INTO orders (user_id, status, created_at, updated_at, payment_status, payment_reference)
     SELECT 1 + abs(hashint4(n)) % $2::int, s.status::order_status, t.at, t.at,
            CASE WHEN s.status = 'cancelled' THEN 'refunded' ELSE 'paid' END::payment_status, 'bench_seed'
     FROM generate_series(1, $1::int) AS n,
     LATERAL (SELECT now() - interval '2 years' + (n - 0.5) / $1::int * (now() - (now() - interval '2 years')) AS at) AS t,
     LATERAL (SELECT (ARRAY['cancelled', 'confirmed', 'confirmed', 'shipped', 'shipped', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered'])[1 + abs(hashint4(n * 7 + 3)) % 10] AS status) AS s`,
    [orders, USERS],
  );
  // 1–3 lines each, distinct books, popular books (low ids) more often: the price of the book.
  await client.query(
    `INSERT INTO order_items (order_id, book_id, quantity, unit_price)
     SELECT o.id, b.id, 1 + abs(hashint4(o.id * 31 + k)) % 3, b.price
     FROM orders o
     CROSS JOIN LATERAL generate_series(1, 1 + abs(hashint4(o.id)) % 3) AS k
     CROSS JOIN LATERAL (SELECT floor($1::int * power(abs(hashint4(o.id * 13)) / 2147483648.0, 2))::int AS base) AS x
     JOIN books b ON b.id = 1 + (x.base + k * 997) % $1::int`,
    [BOOKS],
  );
  await client.query("SET session_replication_role = DEFAULT");
  for (const index of indexes) await client.query(index.definition);
  await client.query("VACUUM (ANALYZE)");
}

/** What the same figures cost read straight from the orders, without the rollups: one run each. */
async function plainAggregates(client: pg.Client) {
  const aggregates = [
    [
      "sales, year so far + previous (plain sum over orders × lines)",
      `SELECT o.created_at >= date_trunc('year', now()) AS current, count(DISTINCT o.id), sum(i.quantity), sum(i.unit_price * i.quantity)
       FROM orders o JOIN order_items i ON i.order_id = o.id
       WHERE o.status <> 'cancelled' AND o.created_at >= date_trunc('year', now()) - interval '1 year' AND o.created_at < now()
         AND (o.created_at >= date_trunc('year', now()) OR o.created_at < now() - interval '1 year')
       GROUP BY 1`,
    ],
    [
      "top books, year so far (plain group by over orders × lines)",
      `SELECT i.book_id, sum(i.quantity), sum(i.unit_price * i.quantity) AS revenue
       FROM orders o JOIN order_items i ON i.order_id = o.id
       WHERE o.status <> 'cancelled' AND o.created_at >= date_trunc('year', now())
       GROUP BY i.book_id ORDER BY revenue DESC, i.book_id LIMIT 10`,
    ],
  ] as const;
  const results = [];
  for (const [aggregate, sql] of aggregates) {
    await client.query(sql); // warm the cache
    const started = performance.now();
    await client.query(sql);
    results.push({ aggregate, ms: (performance.now() - started).toFixed(1) });
  }
  return results;
}
