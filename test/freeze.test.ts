import { afterAll, expect, spyOn, test } from "bun:test";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createApp } from "../src/app.ts";
import { resolveConnection } from "../src/db/connection.ts";
import { createScratchDir, startEmbeddedPostgres } from "../src/db/embedded.ts";
import { migrate } from "../src/db/migrate.ts";
import { createPool } from "../src/db/pool.ts";
import { createApi, TEST_CONFIG } from "./support/app.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

// A PostgreSQL of its own, since this file freezes it (SIGSTOP on every one of its processes,
// as a frozen VM or a network black hole would), with the production timeouts.
const scratch = createScratchDir("bookstore-freeze-test-");
const database = await startEmbeddedPostgres({ dataDir: join(scratch, "pg"), persistent: false });
const connection = await resolveConnection(database.url);
await migrate(connection);
const pool = createPool(connection, 4); // fewer connections than concurrent requests: some wait for one
const app = createApp({ pool, config: TEST_CONFIG });
const api = createApi((request) => app.handle(request), pool);
afterAll(async () => {
  signalCluster("SIGCONT");
  await pool.end();
  await database.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const postmaster = Number(readFileSync(join(scratch, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
function signalCluster(signal: "SIGSTOP" | "SIGCONT") {
  const children = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return /^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] === String(postmaster);
      } catch {
        return false; // exited meanwhile
      }
    });
  for (const pid of [postmaster, ...children.map(Number)]) process.kill(pid, signal);
}

interface Sample {
  started: number;
  elapsed: number;
  status: number;
}

test("every request is answered within 5 s while PostgreSQL is frozen, and service recovers after SIGCONT", async () => {
  const admin = await api.createAdmin();
  const book = await api.createBook(admin.token, {}, 5);
  const user = await api.registerUser();
  const requests = [
    () => api.call("GET", `/books/${book.id}`),
    () => api.call("GET", "/books?size=5"),
    () => api.call("GET", "/cart", { token: user.token }),
    () => api.call("GET", "/health"),
  ];

  const origin = performance.now();
  const samples: Sample[] = [];
  let running = true;
  // Eight clients in a closed loop: at the moment of the freeze some are mid-query, the rest
  // are waiting for one of the pool's four connections.
  const clients = Array.from({ length: 8 }, async (_, client) => {
    // Bounded by itself too, should the test end early.
    for (let i = client; running && performance.now() - origin < 15_000; i++) {
      const started = performance.now() - origin;
      const reply = await requests[i % requests.length]!();
      samples.push({ started, elapsed: performance.now() - origin - started, status: reply.status });
    }
  });

  const errorLog = spyOn(console, "error").mockImplementation(() => {});
  try {
    await Bun.sleep(300);
    const frozenAt = performance.now() - origin;
    signalCluster("SIGSTOP");
    await Bun.sleep(5_200); // longer than the bound: a request waiting on the database must give up
    const thawedAt = performance.now() - origin;
    signalCluster("SIGCONT");
    await Bun.sleep(1_500);
    running = false;
    await Promise.all(clients);

    const during = samples.filter((s) => s.started + s.elapsed > frozenAt && s.started < thawedAt);
    expect(during.length).toBeGreaterThanOrEqual(8);
    expect(during.filter((s) => s.status === 503).length).toBeGreaterThanOrEqual(8);
    for (const sample of samples) {
      expect([200, 503]).toContain(sample.status);
      expect(sample.elapsed).toBeLessThan(5_000);
    }
    // Recovered without a restart: everything sent a moment after SIGCONT succeeds.
    const after = samples.filter((s) => s.started > thawedAt + 500);
    expect(after.length).toBeGreaterThan(10);
    expect(after.every((s) => s.status === 200)).toBe(true);
  } finally {
    running = false;
    signalCluster("SIGCONT");
    errorLog.mockRestore();
  }
});
