/**
 * The catalog at scale (started by bench/run.ts): every catalog request of SPEC's Books section
 * at a small and at a large catalog — 10 000 and 1 000 000 books (--quick: 10 000 and 100 000) —
 * and how much it grows.
 *
 * Each size is a database of its own, seeded by the same generator (generate_series, deterministic:
 * the first 10 000 books of the large catalog are the small catalog), with an API server of its
 * own. Requests are sequential, one at a time, and interleaved: every round sends each request once
 * to each size, the order of the sizes alternating, so that drift on a shared machine hits both
 * sizes alike. Reported: p50/p99 per request and size, growth = p50 large / p50 small (the target
 * is ≤ 2×), and at the large size which indexes serve each request, from EXPLAIN of the very
 * statements the service sends, once custom-planned after 6 executions and once generic.
 */
import { processSQLQueryIR, PreparedQuery } from "@pgtyped/runtime";
import pg from "pg";
import { createAccessTokens } from "../src/core/auth.ts";
import { resolveConnection } from "../src/db/connection.ts";
import * as bookQueries from "../src/db/queries/books.queries.ts";
import type { ListBooksQuery } from "../src/modules/books/model.ts";
import { listBooks } from "../src/modules/books/service.ts";
import { KeepAliveConnection } from "./http-client.ts";
import { freshDatabase, type Setup } from "./setup.ts";
import { percentile } from "./stats.ts";

export const CATALOG_SCENARIO = "catalog at scale";

interface Request {
  name: string;
  method: "GET" | "POST" | "PUT" | "PATCH";
  path: string;
  /** The i-th request's body. */
  body?: (i: number) => unknown;
  /** Measured only, no target: what the README says about its limits. */
  informational?: boolean;
}

/** A book in the middle of both catalogs, for the writes. */
const EDITED_BOOK = 4321;

const REQUESTS: Request[] = [
  { name: "GET /books?page=1&size=20", method: "GET", path: "/books?page=1&size=20" },
  { name: "GET /books?page=1&size=20&sort=-price", method: "GET", path: "/books?page=1&size=20&sort=-price" },
  { name: "GET /books?page=1&size=20&sort=price", method: "GET", path: "/books?page=1&size=20&sort=price" },
  { name: "GET /books?page=1&size=20&sort=-created_at", method: "GET", path: "/books?page=1&size=20&sort=-created_at" },
  { name: "GET /books?page=500&size=20", method: "GET", path: "/books?page=500&size=20" },
  { name: "GET /books?q=river&size=20 (common word)", method: "GET", path: "/books?q=river&size=20" },
  { name: "GET /books?q=zzzq&size=20 (no match)", method: "GET", path: "/books?q=zzzq&size=20" },
  { name: "GET /books?q=smith&size=20 (an author)", method: "GET", path: "/books?q=smith&size=20" },
  { name: "GET /books?q=river&size=20&sort=-price", method: "GET", path: "/books?q=river&size=20&sort=-price" },
  { name: "GET /books?q=quetzalcoatl&size=20 (a rare word)", method: "GET", path: "/books?q=quetzalcoatl&size=20" },
  { name: "GET /books/1", method: "GET", path: "/books/1" },
  {
    name: "POST /books",
    method: "POST",
    path: "/books",
    body: (i) => ({ title: `Bench Write ${i} of the River`, author: "Bench Author", price: "12.99" }),
  },
  { name: `PUT /books/${EDITED_BOOK}`, method: "PUT", path: `/books/${EDITED_BOOK}`, body: (i) => ({ title: `Edited Title ${i}`, price: (10 + (i % 50)).toFixed(2) }) },
  { name: `PATCH /books/${EDITED_BOOK}/stock`, method: "PATCH", path: `/books/${EDITED_BOOK}/stock`, body: (i) => ({ quantity: i % 100 }) },
  { name: "GET /books?q=mary%20okonkwo&size=20 (0.01 %)", method: "GET", path: "/books?q=mary%20okonkwo&size=20", informational: true },
  { name: "GET /books?q=okonkwo&size=20 (0.5 % of books)", method: "GET", path: "/books?q=okonkwo&size=20", informational: true },
  { name: "GET /books?q=river&page=5&size=20", method: "GET", path: "/books?q=river&page=5&size=20", informational: true },
  { name: "GET /books?page=5000&size=20", method: "GET", path: "/books?page=5000&size=20", informational: true },
  // A scan of books by design (README, Admin analytics): shown for its cost at a million books.
  { name: "GET /admin/analytics/low-stock", method: "GET", path: "/admin/analytics/low-stock", informational: true },
];

export interface CatalogRow {
  request: string;
  [column: string]: string | number;
}

export interface CatalogReport {
  sizes: [number, number];
  seedSeconds: number;
  rows: CatalogRow[];
  targets: { target: string; value: number; met: string }[];
  plans: { request: string; statement: string; custom: string; generic: string }[];
}

export async function runCatalog(setup: Setup): Promise<CatalogReport> {
  const sizes: [number, number] = setup.quick ? [10_000, 100_000] : [10_000, 1_000_000];
  const warmup = setup.quick ? 3 : 10;
  const samples = setup.quick ? 15 : 50;

  const started = performance.now();
  const databases = [];
  for (const size of sizes) databases.push(await catalogDatabase(setup, size));
  const seedSeconds = (performance.now() - started) / 1000;
  setup.log(`catalog: seeded ${sizes.join(" and ")} books in ${seedSeconds.toFixed(0)} s`);

  const apis = await Promise.all(databases.map((database) => setup.startApi(database.url)));
  const token = await createAccessTokens(setup.jwtSecret, 24 * 3600).sign({ id: 1, role: "admin" });
  const connections = await Promise.all(apis.map((api) => KeepAliveConnection.open(api.url)));
  const latencies = REQUESTS.map(() => sizes.map(() => [] as number[]));
  let errors = 0;
  let sent = 0;
  for (let round = 0; round < warmup + samples; round++) {
    for (const [r, request] of REQUESTS.entries()) {
      for (const s of round % 2 ? [1, 0] : [0, 1]) {
        const connection = connections[s]!;
        const body = request.body ? JSON.stringify(request.body(sent++)) : "";
        const headers: Record<string, string> = { authorization: `Bearer ${token}` };
        if (body) headers["content-type"] = "application/json";
        const began = performance.now();
        const reply = await connection.send(connection.encode(request.method, request.path, headers, body));
        const ms = performance.now() - began;
        if (reply.status >= 300) {
          errors++;
          setup.log(`catalog: ${request.name} at ${sizes[s]} books: ${reply.status} ${reply.body.slice(0, 200)}`);
        }
        if (round >= warmup) latencies[r]![s]!.push(ms);
      }
    }
  }
  for (const connection of connections) connection.close();

  const [small, large] = sizes.map((size) => size.toLocaleString("en-US").replace(/,/g, " "));
  const rows: CatalogRow[] = [];
  const targets: CatalogReport["targets"] = [];
  for (const [r, request] of REQUESTS.entries()) {
    const [p50, p99] = [50, 99].map((p) => latencies[r]!.map((ms) => percentile(ms.toSorted((a, b) => a - b), p)));
    const growth = p50![1]! / p50![0]!;
    rows.push({
      request: request.name,
      [`p50 / p99 ms, ${small}`]: `${p50![0]!.toFixed(2)} / ${p99![0]!.toFixed(2)}`,
      [`p50 / p99 ms, ${large}`]: `${p50![1]!.toFixed(2)} / ${p99![1]!.toFixed(2)}`,
      growth: growth.toFixed(2),
      target: request.informational ? "(info)" : "≤ 2×",
    });
    if (!request.informational) {
      // The targets are for a million books; a quick run's large catalog is too small to judge.
      const met = setup.quick ? "(full run)" : growth <= 2 ? "yes" : "NO";
      targets.push({ target: `${request.name}: p50 at ${large} ≤ 2× at ${small}`, value: Number(growth.toFixed(3)), met });
    }
  }
  if (errors) rows.push({ request: `errors: ${errors} responses ≥ 300`, growth: "NaN" });
  const plans = await explainRequests(databases.at(-1)!.url);
  for (const database of databases) await database.client.end();
  return { sizes, seedSeconds, rows, targets, plans };
}

// ---------------------------------------------------------------- seeding

/** A fresh, migrated database holding `books` generated books. */
async function catalogDatabase(setup: Setup, books: number) {
  const database = await freshDatabase(setup, `catalog_${books}`);
  const began = performance.now();
  await bulkLoad(database.client, books);
  setup.log(`catalog: ${books} books in ${((performance.now() - began) / 1000).toFixed(1)} s`);
  return database;
}

/**
 * Loads books 1..count the way a bulk load is done: the secondary indexes (as the migrations made
 * them) are dropped, the rows inserted, the indexes built again, then VACUUM ANALYZE — so the
 * table is as a long-running catalog's would be (visibility map set, statistics current).
 */
async function bulkLoad(client: pg.Client, count: number): Promise<void> {
  const { rows: indexes } = await client.query<{ name: string; definition: string }>(
    `SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
     FROM pg_index AS i
     WHERE i.indrelid = 'books'::regclass AND NOT i.indisprimary
       AND NOT EXISTS (SELECT FROM pg_constraint AS c WHERE c.conindid = i.indexrelid)`,
  );
  for (const index of indexes) await client.query(`DROP INDEX ${index.name}`);
  await client.query(GENERATE_BOOKS, [1, count]);
  await client.query("SET maintenance_work_mem = '256MB'");
  for (const index of indexes) await client.query(index.definition);
  await client.query("VACUUM (ANALYZE) books");
}

/**
 * The n-th book, a function of n alone (hashes of n pick the words): titles from a few templates
 * over 40 adjectives and 60 nouns ("river" is in about 7 % of titles and authors, counting
 * "Driver" and "Rivera"), authors from 60 first names and 100 last names with a skewed spread
 * (Smith about 10 %, Okonkwo 0.5 %), 6 000 distinct prices, publication dates, three books per
 * minute of created_at (ties on it, as on titles and prices). One book, in both catalogs, is
 * "The Quetzalcoatl Codex": a rare word.
 */
const GENERATE_BOOKS = `
INSERT INTO books (title, author, price, isbn, publish_date, stock_quantity, created_at, updated_at)
SELECT
  CASE WHEN n = 4242 THEN 'The Quetzalcoatl Codex' ELSE CASE h1 % 5
    WHEN 0 THEN 'The ' || adj[1 + h2 % 40] || ' ' || noun[1 + h3 % 60]
    WHEN 1 THEN noun[1 + h2 % 60] || ' of ' || noun[1 + h3 % 60] || ' and ' || noun[1 + h4 % 60]
    WHEN 2 THEN 'The ' || noun[1 + h2 % 60] || '''s ' || noun[1 + h3 % 60] || ': ' || adj[1 + h4 % 40] || ' Tales'
    WHEN 3 THEN adj[1 + h2 % 40] || ' ' || noun[1 + h3 % 60] || ', ' || adj[1 + h4 % 40] || ' ' || noun[1 + h1 / 5 % 60]
    ELSE 'A ' || noun[1 + h2 % 60] || ' in the ' || adj[1 + h3 % 40] || ' ' || noun[1 + h4 % 60] || ' ' || (1 + h1 / 5 % 12)
  END END,
  first[1 + h5 % 60] || ' ' || last[1 + floor(100 * power((h6 % 1000000) / 1000000.0, 2))::int],
  3 + h7 % 60 + CASE WHEN h7 / 60 % 2 = 0 THEN 0.99 ELSE (h7 / 120 % 100) / 100.0 END,
  '979' || lpad(n::text, 10, '0'),
  date '1950-01-01' + h8 % 27000,
  h8 % 50,
  timestamptz '2020-01-01 00:00:00+00' + (n / 3) * interval '1 minute',
  timestamptz '2020-01-01 00:00:00+00' + (n / 3) * interval '1 minute'
FROM generate_series($1::int, $2::int) AS n,
LATERAL (SELECT abs(hashint4(n)) AS h1, abs(hashint4(n + 1000000007)) AS h2, abs(hashint4(n # 123456789)) AS h3,
                abs(hashint4(-n)) AS h4, abs(hashint4(n * 3 + 17)) AS h5, abs(hashint4(n * 5 + 29)) AS h6,
                abs(hashint4(n * 7 + 41)) AS h7, abs(hashint4(n * 11 + 53)) AS h8) AS h,
(SELECT
  '{Silent,Hidden,Last,Broken,Golden,Dark,Lost,Secret,Burning,Distant,Wild,Quiet,Crimson,Frozen,Endless,Fallen,
    Bright,Hollow,Iron,Little,Northern,Sacred,Savage,Shattered,Summer,Wandering,Forgotten,Eternal,Painted,Velvet,
    Midnight,Silver,Scarlet,Ancient,Bitter,Gentle,Restless,Empty,Twisted,Deep}'::text[] AS adj,
  '{River,Garden,House,Kingdom,Night,Shadow,Storm,Mountain,Ocean,Forest,Sea,Island,City,Road,Star,Moon,Fire,Heart,
    Crown,Song,Dream,Empire,Tower,Bridge,Winter,Harbor,Valley,Desert,Lake,Stone,Sword,Mirror,Door,Window,Letter,
    Journey,Promise,Child,Daughter,Widow,King,Queen,Thief,Hunter,Soldier,Stranger,Witness,Keeper,Sky,Rain,Wind,
    Light,Glass,Bone,Blood,Salt,Ash,Smoke,Driver,Crow}'::text[] AS noun,
  '{James,Mary,John,Patricia,Robert,Jennifer,Michael,Linda,William,Elizabeth,David,Barbara,Richard,Susan,Joseph,
    Jessica,Thomas,Sarah,Charles,Karen,Daniel,Nancy,Matthew,Lisa,Anthony,Betty,Mark,Margaret,Donald,Sandra,Steven,
    Ashley,Paul,Kimberly,Andrew,Emily,Joshua,Donna,Kenneth,Michelle,Kevin,Dorothy,Brian,Carol,George,Amanda,Edward,
    Melissa,Ronald,Deborah,Timothy,Stephanie,Jason,Rebecca,Jeffrey,Sharon,Ryan,Laura,Jacob,Cynthia}'::text[] AS first,
  '{Smith,Johnson,Williams,Brown,Jones,Garcia,Miller,Davis,Rodriguez,Martinez,Hernandez,Lopez,Gonzalez,Wilson,
    Anderson,Thomas,Taylor,Moore,Jackson,Martin,Lee,Perez,Thompson,White,Harris,Sanchez,Clark,Ramirez,Lewis,Robinson,
    Walker,Young,Allen,King,Wright,Scott,Torres,Nguyen,Hill,Flores,Green,Adams,Nelson,Baker,Hall,Rivera,Campbell,
    Mitchell,Carter,Roberts,Gomez,Phillips,Evans,Turner,Diaz,Parker,Cruz,Edwards,Collins,Reyes,Stewart,Morris,Morales,
    Murphy,Cook,Rogers,Gutierrez,Ortiz,Morgan,Cooper,Peterson,Bailey,Reed,Kelly,Howard,Ramos,Kim,Cox,Ward,Richardson,
    Watson,Brooks,Chavez,Wood,James,Bennett,Gray,Mendoza,Ruiz,Hughes,Price,Alvarez,Castillo,Sanders,Patel,Myers,Long,
    Ross,Foster,Okonkwo}'::text[] AS last) AS words`;

// ---------------------------------------------------------------- plans

/** Query name of each statement text the service sends (sql/books.sql). */
const QUERY_NAMES = new Map(
  Object.entries(bookQueries)
    .filter(([, query]) => query instanceof PreparedQuery)
    .map(([name, query]) => [processSQLQueryIR((query as unknown as { queryIR: never }).queryIR).query, name]),
);

/**
 * For each GET /books request: the statements the service sends, run as named prepared statements
 * seven times (PostgreSQL's plan cache considers a generic plan after five), then EXPLAIN (ANALYZE)
 * EXECUTE of each — which scans and indexes ran, the rows they returned, the time — and the same
 * once more under plan_cache_mode = force_generic_plan.
 */
async function explainRequests(databaseUrl: string) {
  const client = new pg.Client((await resolveConnection(databaseUrl)).pg);
  await client.connect();
  const plans: CatalogReport["plans"] = [];
  try {
    for (const request of REQUESTS.filter((r) => r.method === "GET" && r.path.startsWith("/books?"))) {
      const sent = new Map<string, unknown[]>();
      const db = {
        query: async (text: string, values: unknown[]) => {
          sent.set(text, values);
          const result = await client.query({ name: QUERY_NAMES.get(text) ?? text.slice(0, 60), text, values });
          return { rows: result.rows, rowCount: result.rowCount ?? 0 };
        },
      };
      for (let i = 0; i < 7; i++) await listBooks(db, toQuery(request.path));
      for (const [text, values] of sent) {
        const name = QUERY_NAMES.get(text)!;
        const literal = (value: unknown) => client.escapeLiteral(Array.isArray(value) ? `{${value.join(",")}}` : String(value));
        const literals = values.map((value) => (value === null ? "NULL" : literal(value)));
        const execute = `EXECUTE "${name}"${literals.length ? `(${literals.join(", ")})` : ""}`;
        if (name === "estimateBooksMatching") {
          const [{ "QUERY PLAN": [estimate] }] = (await client.query(execute)).rows;
          plans.push({ request: request.name, statement: name, custom: `estimate: ${estimate.Plan["Plan Rows"]} rows`, generic: "(planned on every call)" });
          continue;
        }
        if (name === "getCatalogStatistics" && plans.some((plan) => plan.statement === name)) continue;
        const custom = await scans(client, `EXPLAIN (ANALYZE, FORMAT JSON) ${execute}`);
        await client.query("SET plan_cache_mode = force_generic_plan");
        const generic = await scans(client, `EXPLAIN (ANALYZE, FORMAT JSON) ${execute}`);
        await client.query("RESET plan_cache_mode");
        plans.push({
          request: request.name,
          statement: name,
          custom: `${custom.scans.join(" → ")} — ${custom.rows} rows read, ${custom.ms} ms`,
          generic: generic.scans.join() === custom.scans.join() ? `same — ${generic.ms} ms` : `${generic.scans.join(" → ")} — ${generic.ms} ms`,
        });
      }
    }
  } finally {
    await client.end();
  }
  return plans;
}

interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  "Relation Name"?: string;
  "Actual Loops"?: number;
  "Actual Rows"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}

/**
 * The scans and sorts of a plan, in order (e.g. "Index Only Scan books_title_idx", "Index Scan
 * books_pkey"), skipping what never ran, the rows they read and the time.
 */
async function scans(client: pg.Client, explain: string) {
  const [{ "QUERY PLAN": [root] }] = (await client.query(explain)).rows as [{ "QUERY PLAN": [{ Plan: PlanNode; "Execution Time"?: number }] }];
  const found: string[] = [];
  let rows = 0;
  const walk = (node: PlanNode) => {
    if (node["Actual Loops"] === 0) return;
    const type = node["Node Type"];
    if (node["Index Name"] || (type.endsWith("Scan") && node["Relation Name"])) {
      found.push(`${type} ${node["Index Name"] ?? node["Relation Name"]}`);
      // Rows the scan read: those it returned and those its filter dropped (a bitmap index scan's
      // row ids are read again by its heap scan: counted there).
      const read = (node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0);
      if (type !== "Bitmap Index Scan") rows += read * (node["Actual Loops"] ?? 1);
    } else if (/^(Sort|Incremental Sort|WindowAgg|Aggregate)$/.test(type) && found.at(-1) !== type) {
      found.push(type);
    }
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(root.Plan);
  return { scans: found, rows: Math.round(rows), ms: root["Execution Time"]?.toFixed(2) };
}

function toQuery(path: string): ListBooksQuery {
  const params = new URL(path, "http://bench").searchParams;
  return {
    page: Number(params.get("page") ?? 1),
    size: Number(params.get("size") ?? 20),
    sort: (params.get("sort") ?? "title") as ListBooksQuery["sort"],
    q: params.get("q") ?? undefined,
  };
}
