import { afterAll } from "bun:test";
import type pg from "pg";
import { type AppDeps, createApp } from "../../src/app.ts";
import { createLogger } from "../../src/core/logger.ts";
import { resolveConnection } from "../../src/db/connection.ts";
import { createPool, prepared } from "../../src/db/pool.ts";
import { ensureAdmin } from "../../src/modules/auth/service.ts";
import { createTestDatabase } from "./cluster.ts";
import { startServerProcess } from "./process.ts";

export const TEST_CONFIG = {
  jwtSecret: "test-secret-that-is-at-least-32-characters-long",
  accessTokenTtlSeconds: 900,
  refreshTokenTtlDays: 7,
  paymentDeclineRate: 0,
  // Tests register and log in a lot: limits are off unless a test turns them on.
  rateLimits: { enabled: false, loginPerMinute: 10, authPerMinute: 100 },
};

export interface Reply {
  status: number;
  headers: Headers;
  // Tests read arbitrary JSON.
  body: any;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Api = ReturnType<typeof createApi>;

/** app.handle has no socket: a test names its client's address in this header. */
export const TEST_ADDRESS_HEADER = "x-test-socket-address";
const testClientAddress = (request: Request) => request.headers.get(TEST_ADDRESS_HEADER) ?? "192.0.2.1";

/** A logger whose JSON lines are kept in memory: `entries()` parsed, `text()` as written. */
export function captureLogs(level: "debug" | "info" = "info") {
  const lines: string[] = [];
  const logger = createLogger({ level, destination: { write: (line: string) => void lines.push(line) } });
  return {
    logger,
    entries: (): Record<string, any>[] => lines.map((line) => JSON.parse(line)),
    text: () => lines.join(""),
    clear: () => void lines.splice(0),
  };
}

/**
 * A fresh database for this test file and an app on it, driven through `app.handle`.
 * The pool is closed after the file's tests.
 */
export async function setupTestApp(
  overrides: Partial<Omit<AppDeps, "pool" | "config">> & { config?: Partial<AppDeps["config"]>; poolMax?: number } = {},
) {
  const databaseUrl = await createTestDatabase();
  const connection = await resolveConnection(databaseUrl);
  const pool = createPool(connection, overrides.poolMax ?? 10);
  afterAll(() => pool.end());
  const logs = captureLogs();
  const logger = overrides.logger ?? logs.logger;
  const config = { ...TEST_CONFIG, ...overrides.config };
  const app = createApp({
    pool,
    config,
    payment: overrides.payment,
    logger,
    resolveAddress: overrides.resolveAddress ?? testClientAddress,
    clock: overrides.clock,
  });
  if (ON_DENO && (overrides.payment || overrides.logger || overrides.resolveAddress || overrides.clock)) {
    throw new Error("TEST_RUNTIME=deno: a server process cannot take a test's payment gateway, logger, address resolver or clock");
  }
  const handle = ON_DENO ? await denoServer(databaseUrl, config) : (request: Request) => app.handle(request);
  return { app, pool, databaseUrl, connection, logs, ...createApi(handle, pool) };
}

/** Requests go to a Deno server (see denoServer); tests that need in-process objects skip. */
export const ON_DENO = process.env.TEST_RUNTIME === "deno";

/**
 * TEST_RUNTIME=deno: the file's requests go over a real socket to `deno task start`
 * (src/deno.ts) serving this file's database, instead of to `app.handle` (which is still built,
 * for the few tests that use it directly). Settings are the test app's, as environment.
 */
async function denoServer(databaseUrl: string, config: AppDeps["config"]) {
  const server = await startServerProcess({
    // The task a deployment runs, with its permissions (deno.json).
    command: ["deno", "task", "start"],
    env: {
      DATABASE_URL: databaseUrl,
      JWT_SECRET: config.jwtSecret,
      ACCESS_TOKEN_TTL_SECONDS: String(config.accessTokenTtlSeconds),
      REFRESH_TOKEN_TTL_DAYS: String(config.refreshTokenTtlDays),
      PAYMENT_DECLINE_RATE: String(config.paymentDeclineRate),
      RATE_LIMIT_ENABLED: String(config.rateLimits?.enabled ?? true),
      LOG_LEVEL: "info",
    },
  });
  afterAll(() => server.stop());
  return (request: Request) => {
    const url = new URL(request.url);
    return fetch(new Request(`${server.base}${url.pathname}${url.search}`, request));
  };
}

let emailCounter = 0;

export function createApi(handle: (request: Request) => Promise<Response> | Response, pool: pg.Pool) {
  async function call(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | undefined;
    if (options.body !== undefined) {
      body = typeof options.body === "string" ? options.body : JSON.stringify(options.body);
      headers["content-type"] ??= "application/json";
    }
    const response = await handle(new Request(`http://localhost${path}`, { method, headers, body }));
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed };
  }

  async function registerUser(email = `user${++emailCounter}-${crypto.randomUUID().slice(0, 8)}@example.com`) {
    const reply = await call("POST", "/auth/register", { body: { email, password: "password123" } });
    if (reply.status !== 201) throw new Error(`register failed: ${reply.status} ${JSON.stringify(reply.body)}`);
    const me = await call("GET", "/auth/me", { token: reply.body.access_token });
    return { id: me.body.id as number, email, token: reply.body.access_token as string, refreshToken: reply.body.refresh_token as string };
  }

  async function createAdmin() {
    const email = `admin${++emailCounter}-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await ensureAdmin(prepared(pool), email, "admin-password");
    const reply = await call("POST", "/auth/login", { body: { email, password: "admin-password" } });
    return { email, token: reply.body.access_token as string };
  }

  /** A book with the given stock, created through the API. */
  async function createBook(adminToken: string, fields: Record<string, unknown> = {}, stock = 10) {
    const created = await call("POST", "/books", {
      token: adminToken,
      body: { title: "A Book", author: "An Author", price: "10.00", ...fields },
    });
    if (created.status !== 201) throw new Error(`create book failed: ${created.status} ${JSON.stringify(created.body)}`);
    const stocked = await call("PATCH", `/books/${created.body.id}/stock`, { token: adminToken, body: { quantity: stock } });
    return stocked.body as { id: number; title: string; price: string; stock_quantity: number };
  }

  const addToCart = (token: string, bookId: number, quantity = 1) =>
    call("POST", "/cart/items", { token, body: { book_id: bookId, quantity } });

  const checkout = (token: string, body?: unknown) => call("POST", "/orders/checkout", { token, body });

  return { call, registerUser, createAdmin, createBook, addToCart, checkout };
}

/** Rate-limit counters live in one-minute windows: a test of a limit does not start in a window's last seconds. */
export async function freshWindow() {
  const second = new Date().getSeconds();
  if (second >= 54) await Bun.sleep((61 - second) * 1000);
}
