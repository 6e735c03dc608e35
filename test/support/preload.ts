import { afterAll } from "bun:test";
import { startTestCluster, stopTestCluster } from "./cluster.ts";

try {
  await startTestCluster();
} catch (error) {
  // One line and a non-zero exit instead of an unhandled error and a run that never ends.
  console.error(`bun test: cannot start the test database: ${(error as Error).message}`);
  process.exit(1);
}
// Stopping PostgreSQL and removing its data (a database per test file) outlasts the 5 s default
// on a loaded machine: the run then ended in a timed-out "(unnamed)" hook.
afterAll(() => stopTestCluster(), 60_000);
