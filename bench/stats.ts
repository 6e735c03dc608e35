/** Small statistics shared by the benchmark's processes. */
import { readdirSync, readFileSync } from "node:fs";

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const median = (values: number[]) => percentile(values.toSorted((a, b) => a - b), 50);

/** What a load process prints as its last stdout line. */
export interface LoadResult {
  operations: number;
  /** Including warm-up: what the database saw. */
  allOperations: number;
  seconds: number;
  perSecond: number;
  /** Latency of one operation (a whole purchase cycle, or one request), ms. */
  p50: number;
  p99: number;
  /** Checkout step alone, ms (purchase loads only). */
  checkoutP50?: number;
  errors: number;
}

/** Runs `vus` closed-loop virtual users for warm-up + duration; only post-warm-up operations count. */
export async function closedLoop(
  vus: number,
  warmupMs: number,
  durationMs: number,
  operation: (vu: number) => Promise<{ ok: boolean; checkoutMs?: number }>,
): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const deadline = measureFrom + durationMs;
  const latencies: number[] = [];
  const checkouts: number[] = [];
  let errors = 0;
  let allOperations = 0;
  await Promise.all(
    Array.from({ length: vus }, async (_, vu) => {
      while (performance.now() < deadline) {
        const began = performance.now();
        const { ok, checkoutMs } = await operation(vu);
        allOperations++;
        if (began < measureFrom) continue;
        if (!ok) errors++;
        latencies.push(performance.now() - began);
        if (checkoutMs !== undefined) checkouts.push(checkoutMs);
      }
    }),
  );
  const seconds = (performance.now() - measureFrom) / 1000;
  latencies.sort((a, b) => a - b);
  checkouts.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    allOperations,
    seconds,
    perSecond: latencies.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    checkoutP50: checkouts.length ? percentile(checkouts, 50) : undefined,
    errors,
  };
}

/**
 * CPU seconds used so far by these processes and all their descendants, including children
 * that already exited (PostgreSQL backends end with their connections): cutime/cstime.
 */
export function cpuSeconds(roots: number[]): number {
  // /proc/<pid>/stat after the command name: state ppid … utime(11) stime(12) cutime(13) cstime(14)
  const stat = (pid: string) => {
    try {
      return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    } catch {
      return undefined; // exited meanwhile
    }
  };
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    const fields = stat(pid);
    if (!fields) continue;
    const parent = Number(fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(pid)]);
    ticks.set(Number(pid), Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
  }
  let total = 0;
  const stack = [...roots];
  while (stack.length) {
    const pid = stack.pop()!;
    total += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total / 100; // USER_HZ
}
