import { afterAll } from "bun:test";
import { startTestCluster, stopTestCluster } from "./cluster.ts";

await startTestCluster();
afterAll(() => stopTestCluster());
