import { afterAll, setDefaultTimeout } from "bun:test";
import { startTestCluster, stopTestCluster } from "./cluster.ts";

// Bun 1.4 ignores `timeout` in bunfig.toml. Concurrency tests drive dozens of real checkouts
// and server processes; on a loaded 2-core machine the default 5 s is too tight.
setDefaultTimeout(60_000);

try {
  await startTestCluster();
} catch (error) {
  // One line and a non-zero exit instead of an unhandled error and a run that never ends.
  console.error(`bun test: cannot start the test database: ${(error as Error).message}`);
  process.exit(1);
}
afterAll(() => stopTestCluster());
