import { afterAll, describe, expect, test } from "bun:test";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createScratchDir } from "../src/db/embedded.ts";
import { isRunning, ROOT, type ServerProcess, startServerProcess } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

// `bun start` as users run it: no DATABASE_URL, so each server here starts its own embedded
// PostgreSQL in ./.data of its working directory.
const scratch = createScratchDir("bookstore-startup-test-");
const started: ServerProcess[] = [];
afterAll(async () => {
  for (const server of started) await server.stop();
  rmSync(scratch, { recursive: true, force: true });
});

const JWT_SECRET = "startup-test-secret-at-least-32-chars";

async function serve(cwd: string, options: Parameters<typeof startServerProcess>[0] = {}) {
  const server = await startServerProcess({ cwd, ...options, env: { JWT_SECRET, ...options.env } });
  started.push(server);
  return server;
}

const postJson = (url: string, body: unknown) =>
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const projectDir = (name: string) => {
  const dir = join(scratch, name);
  mkdirSync(dir, { recursive: true });
  return dir;
};
/** The embedded PostgreSQL's postmaster pid, from the data directory the server logged. */
const dataDirOf = (server: ServerProcess) => /data in (\S+)\)/.exec(server.output())![1]!;
const postmasterOf = (server: ServerProcess) =>
  Number(readFileSync(join(dataDirOf(server), "postmaster.pid"), "utf8").split("\n")[0]);

describe("Ctrl-C in a terminal", () => {
  test("SIGINT to the whole process group with 100 requests in flight: all answered, exit 0, no PostgreSQL left", async () => {
    const server = await serve(projectDir("ctrl-c"), { ownGroup: true });
    const postmaster = postmasterOf(server);
    expect(isRunning(postmaster)).toBe(true);

    // Registrations hash a password (tens of ms each), so most are still running when the
    // signal arrives; the rest read the catalog.
    const requests = Array.from({ length: 100 }, (_, i) =>
      i % 5 === 0
        ? postJson(`${server.base}/auth/register`, { email: `ctrl-c-${i}@example.com`, password: "password123" })
        : fetch(`${server.base}/books?size=5`),
    );
    const statuses = requests.map((request) => request.then((response) => response.status, (error: Error) => error.message));
    await Promise.race(statuses); // the server is busy with them
    process.kill(-server.child.pid!, "SIGINT"); // what a terminal sends the foreground job

    const answered = await Promise.all(statuses);
    expect(answered.filter((_, i) => i % 5 === 0)).toEqual(Array(20).fill(201));
    expect(answered.filter((_, i) => i % 5 !== 0)).toEqual(Array(80).fill(200));
    expect(await server.exited).toBe(0);
    expect(isRunning(postmaster)).toBe(false);
  });
});

describe("a port already in use", () => {
  test("one clear line, exit status 1, its embedded PostgreSQL stopped, within seconds", async () => {
    // The occupant accepts port sharing (SO_REUSEPORT), as a server of ours did before: a start
    // that asked for sharing too would quietly split the requests with it.
    const occupant = Bun.serve({ port: 0, reusePort: true, fetch: () => new Response("occupant") });
    try {
      const begin = performance.now();
      const server = await serve(projectDir("port-in-use"), { port: occupant.port, waitUntilListening: false });
      expect(await server.exited).toBe(1);
      expect(performance.now() - begin).toBeLessThan(15_000);
      const lines = server.output().split("\n").filter((line) => line.includes("cannot start"));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(
        `cannot start: port ${occupant.port} is already in use (another server?): stop it or set PORT to a free port`,
      );
      // PostgreSQL removes its lock file when it has shut down.
      expect(existsSync(join(dataDirOf(server), "postmaster.pid"))).toBe(false);
      expect(await (await fetch(`http://127.0.0.1:${occupant.port}/`)).text()).toBe("occupant");
    } finally {
      occupant.stop(true);
    }
  });
});

describe("an embedded PostgreSQL that cannot start", () => {
  test("a damaged data directory stops the start within 15 s with one line saying why and what to do", async () => {
    const dir = projectDir("damaged");
    mkdirSync(join(dir, ".data/postgres"), { recursive: true });
    writeFileSync(join(dir, ".data/postgres/PG_VERSION"), "7\n"); // a cluster of a version long gone
    const begin = performance.now();
    const server = await serve(dir, { waitUntilListening: false });
    expect(await server.exited).toBe(1);
    expect(performance.now() - begin).toBeLessThan(15_000);
    const lines = server.output().split("\n").filter((line) => line.includes("cannot start"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("embedded PostgreSQL");
    expect(lines[0]).toContain("Set DATABASE_URL");
  });
});

describe.skipIf(process.getuid?.() !== 0)("as root, in a folder the postgres user cannot enter", () => {
  test("`bun start` serves, and its data survives a restart", async () => {
    // A mode-700 folder (like /root or mktemp -d) holding a copy of the project, node_modules
    // included, so neither the binaries nor ./.data are reachable for `postgres`.
    const privateDir = mkdtempSync(join(tmpdir(), "bookstore-private-"));
    const project = join(privateDir, "project");
    try {
      for (const entry of ["package.json", "src", "db"]) cpSync(join(ROOT, entry), join(project, entry), { recursive: true });
      const linked = Bun.spawnSync(["cp", "-al", join(ROOT, "node_modules"), join(project, "node_modules")]);
      if (linked.exitCode !== 0) cpSync(join(ROOT, "node_modules"), join(project, "node_modules"), { recursive: true, verbatimSymlinks: true });

      const first = await serve(project);
      const dataDir = dataDirOf(first);
      expect(dataDir.startsWith(privateDir)).toBe(false); // relocated where postgres can work
      try {
        const credentials = { email: "root@example.com", password: "password123" };
        expect((await postJson(`${first.base}/auth/register`, credentials)).status).toBe(201);
        expect(await first.stop()).toBe(0);

        const second = await serve(project);
        expect(second.output()).toContain(`data in ${dataDir})`);
        expect((await postJson(`${second.base}/auth/login`, credentials)).status).toBe(200);
        expect(await second.stop()).toBe(0);
      } finally {
        rmSync(join(dataDir, ".."), { recursive: true, force: true });
      }
    } finally {
      rmSync(privateDir, { recursive: true, force: true });
    }
  });
});
