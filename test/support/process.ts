import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { findFreePort } from "../../src/db/embedded.ts";

export const ROOT = resolve(import.meta.dir, "../..");
export const SERVER = resolve(ROOT, "src/server.ts");

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly port: number;
  readonly base: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name). */
  readonly exited: Promise<number | string>;
  stop(): Promise<number | string>;
}

interface ServerOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** A process group of its own, as a terminal gives a foreground job (signal it with -pid). */
  ownGroup?: boolean;
  port?: number;
  /** Wait until it listens (default) or only spawn it. */
  waitUntilListening?: boolean;
  entry?: string;
  /** The whole command instead of `bun <entry>`, e.g. `deno task start`. */
  command?: string[];
}

/** A real `bun src/server.ts` process (or `command`), waited for until it listens. */
export async function startServerProcess(options: ServerOptions = {}): Promise<ServerProcess> {
  const port = options.port ?? (await findFreePort());
  const [runtime = "bun", ...args] = options.command ?? ["bun", options.entry ?? SERVER];
  const child = spawn(runtime, args, {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, PORT: String(port), ADMIN_EMAIL: "", ADMIN_PASSWORD: "", PAYMENT_DECLINE_RATE: "0", ...options.env },
    detached: options.ownGroup ?? false,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  child.stdout!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | string>((done) => child.once("exit", (code, signal) => done(code ?? signal ?? "unknown")));
  const server: ServerProcess = {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    output: () => text,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
  if (options.waitUntilListening === false) return server;
  const deadline = Date.now() + 30_000;
  while (!text.includes("listening on")) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error(`server did not start:\n${text}`);
    }
    await Bun.sleep(25);
  }
  return server;
}

/** A command-line script of the project (`src/cli/…`) run to its end: its output and exit code. */
export async function runCli(script: string, args: string[], env: Record<string, string | undefined>) {
  const proc = Bun.spawn(["bun", script, ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
  return { stdout, stderr, code };
}

/** Alive and not a zombie. */
export const isRunning = (pid: number): boolean => {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
};
