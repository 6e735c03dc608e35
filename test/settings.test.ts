import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../src/core/config.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const dir = mkdtempSync(join(tmpdir(), "settings-"));

describe("events settings", () => {
  test("SPEC's defaults; WEBHOOK_ALLOW_PRIVATE is false in production only", () => {
    expect(loadConfig({}, dir).events).toEqual({
      smtpUrl: undefined,
      mailFrom: "Bookstore <orders@bookstore.localhost>",
      maxAttempts: 8,
      retryBaseSeconds: 5,
      timeoutSeconds: 10,
      allowPrivate: true,
      listenDatabaseUrl: undefined,
      pollIntervalSeconds: 2,
    });
    const production = { NODE_ENV: "production", JWT_SECRET: "x".repeat(32) };
    expect(loadConfig(production, dir).events.allowPrivate).toBe(false);
    expect(loadConfig({ ...production, WEBHOOK_ALLOW_PRIVATE: "true" }, dir).events.allowPrivate).toBe(true);
  });

  test("valid values are read, decimals for durations", () => {
    const events = loadConfig(
      {
        SMTP_URL: "smtps://user:pw@mail.example.com:465",
        MAIL_FROM: "orders@example.com",
        WEBHOOK_MAX_ATTEMPTS: "3",
        WEBHOOK_RETRY_BASE_SECONDS: "0.5",
        WEBHOOK_TIMEOUT_SECONDS: "2.5",
        WEBHOOK_ALLOW_PRIVATE: "false",
        EVENTS_LISTEN_DATABASE_URL: "postgres://u:p@db:5432/app",
        EVENTS_POLL_INTERVAL_SECONDS: "0.25",
      },
      dir,
    ).events;
    expect(events).toEqual({
      smtpUrl: "smtps://user:pw@mail.example.com:465",
      mailFrom: "orders@example.com",
      maxAttempts: 3,
      retryBaseSeconds: 0.5,
      timeoutSeconds: 2.5,
      allowPrivate: false,
      listenDatabaseUrl: "postgres://u:p@db:5432/app",
      pollIntervalSeconds: 0.25,
    });
  });
});

describe("operations settings", () => {
  test("SPEC's defaults", () => {
    expect(loadConfig({}, dir)).toMatchObject({
      logLevel: "info",
      metricsToken: undefined,
      otlpEndpoint: undefined,
      corsOrigins: undefined,
      trustProxy: 0,
      rateLimits: { enabled: true, loginPerMinute: 10, authPerMinute: 100 },
    });
  });

  test("valid values are read", () => {
    const config = loadConfig(
      {
        LOG_LEVEL: "debug",
        METRICS_TOKEN: "a-metrics-token-long-enough",
        OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
        CORS_ORIGINS: "https://shop.example.com, http://localhost:5173/",
        TRUST_PROXY: "2",
        RATE_LIMIT_ENABLED: "false",
        RATE_LIMIT_LOGIN_PER_MINUTE: "5",
        RATE_LIMIT_AUTH_PER_MINUTE: "50",
      },
      dir,
    );
    expect(config).toMatchObject({
      logLevel: "debug",
      corsOrigins: ["https://shop.example.com", "http://localhost:5173"],
      trustProxy: 2,
      rateLimits: { enabled: false, loginPerMinute: 5, authPerMinute: 50 },
    });
    expect(loadConfig({ CORS_ORIGINS: "*" }, dir).corsOrigins).toBe("*");
  });

  test.each([
    ["LOG_LEVEL", "loud"],
    ["TRUST_PROXY", "-1"],
    ["TRUST_PROXY", "yes"],
    ["RATE_LIMIT_ENABLED", "1"],
    ["RATE_LIMIT_LOGIN_PER_MINUTE", "0"],
    ["RATE_LIMIT_AUTH_PER_MINUTE", "1.5"],
    ["CORS_ORIGINS", "shop.example.com"],
    ["OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4318"],
    ["METRICS_TOKEN", "short"],
    ["SMTP_URL", "mail.example.com:25"],
    ["MAIL_FROM", "not an address"],
    ["WEBHOOK_MAX_ATTEMPTS", "0"],
    ["WEBHOOK_RETRY_BASE_SECONDS", "0"],
    ["WEBHOOK_TIMEOUT_SECONDS", "ten"],
    ["WEBHOOK_ALLOW_PRIVATE", "yes"],
    ["EVENTS_LISTEN_DATABASE_URL", "mysql://db/x"],
    ["EVENTS_POLL_INTERVAL_SECONDS", "0"],
  ])("%s=%s → one-line ConfigError naming it", (key, value) => {
    expect(() => loadConfig({ [key]: value }, dir)).toThrow(ConfigError);
    try {
      loadConfig({ [key]: value }, dir);
    } catch (error) {
      expect((error as Error).message).toStartWith(key);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  test("a rejected METRICS_TOKEN, OTLP endpoint, SMTP_URL or LISTEN URL is not echoed", () => {
    for (const [key, value] of [
      ["METRICS_TOKEN", "tiny-secret"],
      ["OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://user:pw@host"],
      ["SMTP_URL", "ftp://user:pw@host"],
      ["EVENTS_LISTEN_DATABASE_URL", "mysql://user:pw@host/db"],
    ] as const) {
      try {
        loadConfig({ [key]: value }, dir);
      } catch (error) {
        expect((error as Error).message).not.toContain(value);
      }
    }
  });
});
