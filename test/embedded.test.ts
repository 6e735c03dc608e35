import { afterAll, expect, test } from "bun:test";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { createScratchDir, startEmbeddedPostgres } from "../src/db/embedded.ts";
import { isRunning } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const scratch = createScratchDir("bookstore-embedded-test-");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const select1 = async (url: string) => {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query("SELECT 1 AS one")).rows[0].one as number;
  } finally {
    await client.end();
  }
};
/** A `bun` process that runs `script` (startEmbeddedPostgres in scope), then idles; returned once it is done. */
async function clusterProcess(script: string) {
  const child = Bun.spawn(
    [
      "bun",
      "-e",
      `import { startEmbeddedPostgres } from ${JSON.stringify(join(import.meta.dir, "../src/db/embedded.ts"))};
       ${script}
       console.log("ready");
       await Bun.sleep(60_000);`,
    ],
    { stdout: "pipe", stderr: "inherit" },
  );
  await child.stdout.getReader().read(); // "ready"
  return child;
}
const postmasterPid = (dataDir: string) => Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);

test("a second start on a data directory served by this process shares its PostgreSQL", async () => {
  const dataDir = join(scratch, "shared");
  const first = await startEmbeddedPostgres({ dataDir, persistent: true });
  try {
    const second = await startEmbeddedPostgres({ dataDir, persistent: true });
    expect(second.url).toBe(first.url);
    await second.stop(); // not its cluster: stays up
    expect(await select1(first.url)).toBe(1);
  } finally {
    await first.stop();
  }
});

test("after a server is SIGKILLed, its orphaned PostgreSQL is shut down and replaced, data kept", async () => {
  const dataDir = join(scratch, "orphan");
  // A child process stands for a server: it starts the cluster, writes a row, then is killed.
  const child = await clusterProcess(
    `import pg from "pg";
     const db = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, persistent: true });
     const client = new pg.Client({ connectionString: db.url });
     await client.connect();
     await client.query("CREATE TABLE survivor (id int); INSERT INTO survivor VALUES (42)");
     await client.end();`,
  );
  const orphan = postmasterPid(dataDir);
  child.kill("SIGKILL");
  await child.exited;
  expect(isRunning(orphan)).toBe(true);

  const restarted = await startEmbeddedPostgres({ dataDir, persistent: true });
  try {
    expect(isRunning(orphan)).toBe(false);
    const client = new pg.Client({ connectionString: restarted.url });
    await client.connect();
    expect((await client.query("SELECT id FROM survivor")).rows).toEqual([{ id: 42 }]);
    await client.end();
  } finally {
    await restarted.stop();
  }
});

test("a stale postmaster.pid naming a dead or unrelated process is removed", async () => {
  const dataDir = join(scratch, "stale");
  const cluster = await startEmbeddedPostgres({ dataDir, persistent: true });
  await cluster.stop();
  // This test process is alive but is not PostgreSQL: the classic container pid-reuse case.
  await Bun.write(join(dataDir, "postmaster.pid"), `${process.pid}\n${dataDir}\n0\n5432\n`);
  const again = await startEmbeddedPostgres({ dataDir, persistent: true });
  try {
    expect(await select1(again.url)).toBe(1);
  } finally {
    await again.stop();
  }
});

test("Ctrl-C on a process without signal handlers of its own (bun test, codegen) stops its PostgreSQL first", async () => {
  const dataDir = join(scratch, "interrupted");
  const child = await clusterProcess(
    `await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, persistent: false });`,
  );
  const postmaster = postmasterPid(dataDir);
  child.kill("SIGINT");
  expect(await child.exited).toBe(130); // 128 + SIGINT, as without the handler
  expect(isRunning(postmaster)).toBe(false);
  expect(existsSync(dataDir)).toBe(false); // a throwaway cluster's data is removed too
});
