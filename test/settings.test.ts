import { describe, expect, test } from "bun:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, loadConfig } from "../src/core/config.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const dir = mkdtempSync(join(tmpdir(), "settings-"));

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
  ])("%s=%s → one-line ConfigError naming it", (key, value) => {
    expect(() => loadConfig({ [key]: value }, dir)).toThrow(ConfigError);
    try {
      loadConfig({ [key]: value }, dir);
    } catch (error) {
      expect((error as Error).message).toStartWith(key);
      expect((error as Error).message).not.toContain("\n");
    }
  });

  test("a rejected METRICS_TOKEN or OTLP endpoint is not echoed", () => {
    for (const [key, value] of [["METRICS_TOKEN", "tiny-secret"], ["OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://user:pw@host"]] as const) {
      try {
        loadConfig({ [key]: value }, dir);
      } catch (error) {
        expect((error as Error).message).not.toContain(value);
      }
    }
  });
});
