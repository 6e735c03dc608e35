import { afterAll } from "bun:test";
import { startTestCluster, stopTestCluster } from "./cluster.ts";

try {
  await startTestCluster();
} catch (error) {
  // One line and a non-zero exit instead of an unhandled error and a run that never ends.
  console.error(`bun test: cannot start the test database: ${(error as Error).message}`);
  process.exit(1);
}
// Stopping PostgreSQL checkpoints what the run wrote: on a loaded machine that outlasts Bun's 5 s default.
afterAll(() => stopTestCluster(), 30_000);
