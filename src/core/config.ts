import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { resolve } from "node:path";
import { type Static, Type as t } from "@sinclair/typebox";
import { Value } from "@sinclair/typebox/value";
import { LOG_LEVELS, type LogLevel } from "./logger.ts";
import { EMAIL_PATTERN } from "./schemas.ts";

// "Name <user@host.tld>" or a bare address.
const EMAIL_IN_ADDRESS = "^([^<>]*<[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+>|[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+)$";
const ORIGIN = "https?://[^/,\\s]+/?";
const REPLICAS_PATTERN = "^postgres(ql)?://[^,\\s]+(\\s*,\\s*postgres(ql)?://[^,\\s]+)*$";
const POOLERS = ["none", "session", "transaction"] as const;
const ORIGINS_PATTERN = `^(\\*|${ORIGIN}(\\s*,\\s*${ORIGIN})*)$`;

/** The environment this service reads, as SPEC.md lists it. Empty values count as unset. */
const Environment = t.Object({
  NODE_ENV: t.Optional(t.String()),
  DATABASE_URL: t.Optional(t.String({ pattern: "^postgres(ql)?://", description: "a postgres:// URL" })),
  PORT: t.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  JWT_SECRET: t.Optional(t.String({ minLength: 32, description: "at least 32 characters" })),
  ACCESS_TOKEN_TTL_SECONDS: t.Integer({ minimum: 1, default: 900 }),
  REFRESH_TOKEN_TTL_DAYS: t.Integer({ minimum: 1, maximum: 3650, default: 7 }),
  PAYMENT_DECLINE_RATE: t.Number({ minimum: 0, maximum: 1, default: 0.1 }),
  ADMIN_EMAIL: t.Optional(t.String({ pattern: EMAIL_PATTERN, description: "an email address" })),
  ADMIN_PASSWORD: t.Optional(t.String({ minLength: 8, maxLength: 128, description: "8 to 128 characters" })),
  DB_POOL_MAX: t.Integer({ minimum: 1, maximum: 500, default: 10 }),
  MIGRATION_DATABASE_URL: t.Optional(t.String({ pattern: "^postgres(ql)?://", description: "a postgres:// URL" })),
  MIGRATION_LOCK_TIMEOUT_SECONDS: t.Integer({ minimum: 1, maximum: 3600, default: 30 }),
  DATABASE_REPLICA_URL: t.Optional(t.String({ pattern: REPLICAS_PATTERN, description: "one or more comma-separated postgres:// URLs" })),
  DB_POOLER: t.Optional(t.Union(POOLERS.map((mode) => t.Literal(mode)), { description: POOLERS.join(", ") })),
  DB_PREPARED_STATEMENTS: t.Optional(t.Union([t.Literal("true"), t.Literal("false")], { description: "true or false" })),
  LOG_LEVEL: t.Union(LOG_LEVELS.map((level) => t.Literal(level)), { default: "info", description: LOG_LEVELS.join(", ") }),
  METRICS_TOKEN: t.Optional(t.String({ minLength: 16, description: "at least 16 characters" })),
  OTEL_EXPORTER_OTLP_ENDPOINT: t.Optional(t.String({ pattern: "^https?://", description: "an http(s):// URL" })),
  CORS_ORIGINS: t.Optional(t.String({ pattern: ORIGINS_PATTERN, description: "* or comma-separated origins like https://shop.example.com" })),
  TRUST_PROXY: t.Integer({ minimum: 0, maximum: 10, default: 0 }),
  RATE_LIMIT_ENABLED: t.Union([t.Literal("true"), t.Literal("false")], { default: "true", description: "true or false" }),
  RATE_LIMIT_LOGIN_PER_MINUTE: t.Integer({ minimum: 1, maximum: 100_000, default: 10 }),
  RATE_LIMIT_AUTH_PER_MINUTE: t.Integer({ minimum: 1, maximum: 100_000, default: 100 }),
  SMTP_URL: t.Optional(t.String({ pattern: "^smtps?://", description: "an smtp:// or smtps:// URL" })),
  MAIL_FROM: t.String({ pattern: EMAIL_IN_ADDRESS, default: "Bookstore <orders@bookstore.localhost>", description: "an address like Bookstore <orders@example.com>" }),
  WEBHOOK_MAX_ATTEMPTS: t.Integer({ minimum: 1, maximum: 100, default: 8 }),
  WEBHOOK_RETRY_BASE_SECONDS: t.Number({ exclusiveMinimum: 0, maximum: 3600, default: 5 }),
  WEBHOOK_TIMEOUT_SECONDS: t.Number({ exclusiveMinimum: 0, maximum: 300, default: 10 }),
  WEBHOOK_ALLOW_PRIVATE: t.Optional(t.Union([t.Literal("true"), t.Literal("false")], { description: "true or false" })),
  EVENTS_LISTEN_DATABASE_URL: t.Optional(t.String({ pattern: "^postgres(ql)?://", description: "a postgres:// URL" })),
  EVENTS_POLL_INTERVAL_SECONDS: t.Number({ exclusiveMinimum: 0, maximum: 60, default: 2 }),
});

// Never echoed in error messages (DATABASE_URL may hold a password).
const SECRETS = new Set([
  "JWT_SECRET",
  "ADMIN_PASSWORD",
  "DATABASE_URL",
  "MIGRATION_DATABASE_URL",
  "DATABASE_REPLICA_URL",
  "METRICS_TOKEN",
  "OTEL_EXPORTER_OTLP_ENDPOINT",
  "SMTP_URL",
  "EVENTS_LISTEN_DATABASE_URL",
]);

// Not TypeBox's Value.Convert: it reads "1e3" as 1, "0x10" as 16 and "true" as 1.
const numeric = (type: unknown, value: string | undefined) =>
  (type === "integer" || type === "number") && value !== undefined && /^\d*\.?\d+$/.test(value) ? Number(value) : value;

export interface Config {
  production: boolean;
  /** Unset: the server starts its own embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  paymentDeclineRate: number;
  admin: { email: string; password: string } | undefined;
  dbPoolMax: number;
  /** Where migrations run (direct or a session pool): MIGRATION_DATABASE_URL, else DATABASE_URL. */
  migrationDatabaseUrl: string | undefined;
  migrationLockTimeoutMs: number;
  /** Read replicas for reads that tolerate them (the catalog); empty: every read on the primary. */
  replicaUrls: string[];
  /** Unset: detected at startup (src/db/pool.ts detectPooler). */
  pooler: (typeof POOLERS)[number] | undefined;
  /** Unset: named statements unless behind a transaction pooler. */
  preparedStatements: boolean | undefined;
  logLevel: LogLevel;
  /** Production only: the bearer token /metrics asks for (unset there: no /metrics). */
  metricsToken: string | undefined;
  otlpEndpoint: string | undefined;
  /** Unset: no CORS headers at all. */
  corsOrigins: string[] | "*" | undefined;
  /** How many proxies in front of the API append to X-Forwarded-For (0: use the socket address). */
  trustProxy: number;
  rateLimits: RateLimitSettings;
  events: EventSettings;
}

/** The outbox's dispatcher (src/modules/events). */
export interface EventSettings {
  /** Unset: emails are written as .eml files under `<dataDir>/mail`. */
  smtpUrl: string | undefined;
  mailFrom: string;
  maxAttempts: number;
  retryBaseSeconds: number;
  timeoutSeconds: number;
  /** Webhook URLs may resolve to loopback, private or link-local addresses (default: outside production). */
  allowPrivate: boolean;
  /** The dedicated LISTEN connection's URL (unset: the database's own); must not be a transaction pooler. */
  listenDatabaseUrl: string | undefined;
  /** How often the dispatcher looks for due deliveries when no notification woke it. */
  pollIntervalSeconds: number;
}

export interface RateLimitSettings {
  enabled: boolean;
  /** Login attempts per minute for one email from one address. */
  loginPerMinute: number;
  /** Login, register and refresh requests together per minute from one address. */
  authPerMinute: number;
}

export class ConfigError extends Error {}

/**
 * Parses and validates the environment once, at startup. A bad value throws a ConfigError
 * whose message is one line naming the variable and what it allows.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env, dataDir = resolve(".data")): Config {
  const raw = Object.fromEntries(
    Object.entries(Environment.properties)
      .map(([key, schema]) => [key, numeric(schema.type, env[key]?.trim())])
      .filter(([, value]) => value !== undefined && value !== ""),
  );
  const parsed = Value.Default(Environment, raw);
  const problem = Value.Errors(Environment, parsed).First();
  if (problem) {
    const key = problem.path.slice(1);
    const description = (problem.schema as { description?: string }).description;
    const allowed = description ? `expected ${description}` : problem.message.toLowerCase();
    const shown = SECRETS.has(key) ? "" : `=${JSON.stringify(env[key])}`;
    throw new ConfigError(`${key}${shown} is invalid: ${allowed}`);
  }
  const settings = parsed as Static<typeof Environment>;
  const production = settings.NODE_ENV === "production";
  if (production && !settings.JWT_SECRET) {
    throw new ConfigError("JWT_SECRET is required when NODE_ENV=production (at least 32 characters)");
  }
  if (Boolean(settings.ADMIN_EMAIL) !== Boolean(settings.ADMIN_PASSWORD)) {
    throw new ConfigError("ADMIN_EMAIL and ADMIN_PASSWORD must be set together");
  }
  return {
    production,
    databaseUrl: settings.DATABASE_URL,
    dataDir,
    port: settings.PORT,
    jwtSecret: settings.JWT_SECRET ?? developmentSecret(dataDir),
    accessTokenTtlSeconds: settings.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: settings.REFRESH_TOKEN_TTL_DAYS,
    paymentDeclineRate: settings.PAYMENT_DECLINE_RATE,
    admin: settings.ADMIN_EMAIL && settings.ADMIN_PASSWORD
      ? { email: settings.ADMIN_EMAIL.toLowerCase(), password: settings.ADMIN_PASSWORD }
      : undefined,
    dbPoolMax: settings.DB_POOL_MAX,
    migrationDatabaseUrl: settings.MIGRATION_DATABASE_URL ?? settings.DATABASE_URL,
    migrationLockTimeoutMs: settings.MIGRATION_LOCK_TIMEOUT_SECONDS * 1000,
    replicaUrls: settings.DATABASE_REPLICA_URL?.split(",").map((url) => url.trim()) ?? [],
    pooler: settings.DB_POOLER,
    preparedStatements: settings.DB_PREPARED_STATEMENTS === undefined ? undefined : settings.DB_PREPARED_STATEMENTS === "true",
    logLevel: settings.LOG_LEVEL as LogLevel,
    metricsToken: settings.METRICS_TOKEN,
    otlpEndpoint: settings.OTEL_EXPORTER_OTLP_ENDPOINT,
    corsOrigins: corsOrigins(settings.CORS_ORIGINS),
    trustProxy: settings.TRUST_PROXY,
    rateLimits: {
      enabled: settings.RATE_LIMIT_ENABLED === "true",
      loginPerMinute: settings.RATE_LIMIT_LOGIN_PER_MINUTE,
      authPerMinute: settings.RATE_LIMIT_AUTH_PER_MINUTE,
    },
    events: {
      smtpUrl: settings.SMTP_URL,
      mailFrom: settings.MAIL_FROM,
      maxAttempts: settings.WEBHOOK_MAX_ATTEMPTS,
      retryBaseSeconds: settings.WEBHOOK_RETRY_BASE_SECONDS,
      timeoutSeconds: settings.WEBHOOK_TIMEOUT_SECONDS,
      allowPrivate: settings.WEBHOOK_ALLOW_PRIVATE === undefined ? !production : settings.WEBHOOK_ALLOW_PRIVATE === "true",
      listenDatabaseUrl: settings.EVENTS_LISTEN_DATABASE_URL,
      pollIntervalSeconds: settings.EVENTS_POLL_INTERVAL_SECONDS,
    },
  };
}

function corsOrigins(value: string | undefined): string[] | "*" | undefined {
  if (value === undefined) return undefined;
  if (value === "*") return "*";
  return value.split(",").map((origin) => origin.trim().replace(/\/$/, ""));
}

/** Outside production a secret is generated once and kept, so tokens survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = `${dataDir}/jwt-secret`;
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
