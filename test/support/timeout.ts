import { setDefaultTimeout } from "bun:test";

/**
 * Concurrency tests drive dozens of real checkouts and server processes; on a loaded 2-core
 * machine Bun's default 5 s per test is too tight. Bun 1.4 ignores `timeout` in bunfig.toml and
 * keeps a preload's setDefaultTimeout for the first file only, so every test file calls this.
 */
export const useTestTimeout = () => setDefaultTimeout(60_000);
