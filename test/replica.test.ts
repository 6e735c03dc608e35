/**
 * A primary and a streaming standby, the catalog's reads routed to the standby, three real API
 * processes: a client's write is visible to its next read on any process.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import pg from "pg";
import { CORE_ADMIN, roundRobinApi, runCheckoutRace, runCoreFlow } from "./support/core.ts";
import { type ServerProcess, startServerProcess } from "./support/process.ts";
import { type ReplicatedCluster, startReplicatedCluster } from "./support/replication.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const onDatabase = (url: string) => Object.assign(new URL(url), { pathname: "/bookstore" }).toString();

let cluster: ReplicatedCluster;
let servers: ServerProcess[] = [];
let primary: pg.Pool;
let standby: pg.Pool;

beforeAll(async () => {
  cluster = await startReplicatedCluster();
  const env = {
    DATABASE_URL: onDatabase(cluster.primary.url),
    DATABASE_REPLICA_URL: onDatabase(cluster.standby.url),
    JWT_SECRET: "replica-secret-0123456789abcdefghijkl",
    ADMIN_EMAIL: CORE_ADMIN.email,
    ADMIN_PASSWORD: CORE_ADMIN.password,
    RATE_LIMIT_ENABLED: "false",
  };
  servers = await Promise.all([0, 1, 2].map(() => startServerProcess({ env })));
  primary = new pg.Pool({ connectionString: onDatabase(cluster.primary.url), max: 2 });
  standby = new pg.Pool({ connectionString: onDatabase(cluster.standby.url), max: 2 });
  // Idle clients hear their server stop (the standby in the last test, both at the end): not an error here.
  for (const pool of [primary, standby]) pool.on("error", () => {});
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  await Promise.all([primary?.end(), standby?.end()]);
  await cluster?.stop();
});

const api = () => roundRobinApi(servers, primary);
const adminToken = async () => (await api().call("POST", "/auth/login", { body: CORE_ADMIN })).body.access_token as string;

test("each process reads the catalog on the replica and says so; /health reports it", async () => {
  for (const server of servers) expect(server.output()).toContain("catalog reads on 1 replica(s)");
  const health = await fetch(`${servers[0]!.base}/health`);
  expect(await health.json()).toEqual({ status: "ok", db: "ok", replica: "ok" });
});

test("the catalog is served by the standby: with its replay paused, a write made on the primary alone is not seen", async () => {
  const book = await api().createBook(await adminToken(), { title: "Before" }, 1);
  await standby.query("SELECT pg_wal_replay_pause()");
  try {
    // Written around the API with local commit: it does not wait for the paused standby.
    const client = await primary.connect();
    try {
      await client.query("BEGIN; SET LOCAL synchronous_commit = local");
      await client.query("UPDATE books SET title = 'After' WHERE id = $1", [book.id]);
      await client.query("COMMIT");
    } finally {
      client.release();
    }
    for (const server of servers) {
      const reply = await fetch(`${server.base}/books/${book.id}`);
      expect(((await reply.json()) as { title: string }).title).toBe("Before");
    }
  } finally {
    await standby.query("SELECT pg_wal_replay_resume()");
  }
});

describe("read-your-writes across processes", () => {
  test("200 writes, each read back at once from the next process (book and search): never stale", async () => {
    const admin = await adminToken();
    const title = `Fresh ${crypto.randomUUID()}`;
    const book = await api().createBook(admin, { title }, 0);
    const stale: string[] = [];
    for (let i = 1; i <= 100; i++) {
      const [writer, reader] = [servers[i % 3]!, servers[(i + 1) % 3]!];
      const headers = { authorization: `Bearer ${admin}`, "content-type": "application/json" };
      const written = await fetch(`${writer.base}/books/${book.id}/stock`, { method: "PATCH", headers, body: JSON.stringify({ quantity: i }) });
      expect(written.status).toBe(200);
      const one = (await (await fetch(`${reader.base}/books/${book.id}`)).json()) as { stock_quantity: number };
      if (one.stock_quantity !== i) stale.push(`GET /books/{id} after stock ${i}: ${one.stock_quantity}`);
      const price = `${i}.00`;
      expect((await fetch(`${writer.base}/books/${book.id}`, { method: "PUT", headers, body: JSON.stringify({ price }) })).status).toBe(200);
      const page = (await (await fetch(`${reader.base}/books?q=${encodeURIComponent(title)}`)).json()) as { items: { price: string }[] };
      if (page.items[0]?.price !== price) stale.push(`GET /books?q after price ${price}: ${page.items[0]?.price}`);
    }
    expect(stale).toEqual([]);
  });

  test("the core of the API, every request on the next process", async () => {
    await runCoreFlow(api());
  });

  test("20 buyers racing for 5 copies: 5 orders, the stock read back as 0", async () => {
    await runCheckoutRace(api(), 20, 5);
  });
});

test("the standby stopped: /health says replica unavailable, the catalog is read on the primary, writes wait and answer 503", async () => {
  const admin = await adminToken();
  const book = await api().createBook(admin, { title: "Still there" }, 2);
  await cluster.stopStandby();
  const health = await fetch(`${servers[1]!.base}/health`);
  expect([health.status, await health.json()]).toEqual([200, { status: "ok", db: "ok", replica: "unavailable" }]);
  for (const server of servers) {
    const reply = await fetch(`${server.base}/books/${book.id}`);
    expect(reply.status).toBe(200);
    expect(((await reply.json()) as { title: string }).title).toBe("Still there");
    expect((await fetch(`${server.base}/books?q=Still`)).status).toBe(200);
  }
  // remote_apply: a commit waits for the standby, past the client's 2 s query timeout.
  const started = performance.now();
  const write = await api().call("PATCH", `/books/${book.id}/stock`, { token: admin, body: { quantity: 5 } });
  expect([write.status, write.body.code]).toEqual([503, "DB_UNAVAILABLE"]);
  expect(performance.now() - started).toBeLessThan(4_000);
});
