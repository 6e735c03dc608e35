import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import type { Elysia } from "elysia";
import { traceStatements } from "../db/pool.ts";

export interface Tracing {
  /** @elysiajs/opentelemetry: a span per request named `METHOD /route/:pattern`, traceparent continued. */
  plugin: Elysia;
  /** Exports what is still buffered. */
  shutdown(): Promise<void>;
}

const QUERIES_DIR = resolve(import.meta.dir, "../db/queries");

/**
 * Loaded only when OTEL_EXPORTER_OTLP_ENDPOINT is set (dynamic imports: without it none of
 * OpenTelemetry is loaded). Spans go to `<endpoint>/v1/traces` over OTLP/HTTP (JSON); every
 * pgtyped statement becomes a child span named after its query (`lock_books_for_update`, …).
 */
export async function startTracing(endpoint: string, serviceName = "bookstore-api"): Promise<Tracing> {
  const [{ opentelemetry }, { OTLPTraceExporter }, { BatchSpanProcessor }, api, { processSQLQueryIR }] = await Promise.all([
    import("@elysiajs/opentelemetry"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/sdk-trace-base"),
    import("@opentelemetry/api"),
    import("@pgtyped/runtime"),
  ]);
  const processor = new BatchSpanProcessor(new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` }), {
    scheduledDelayMillis: 1_000,
  });
  const plugin = opentelemetry({ serviceName, spanProcessors: [processor] }) as unknown as Elysia;

  // The SQL text pgtyped sends, mapped to the query's name in sql/*.sql.
  const names = new Map<string, string>();
  for (const file of readdirSync(QUERIES_DIR).filter((name) => name.endsWith(".queries.ts"))) {
    const module = (await import(resolve(QUERIES_DIR, file))) as Record<string, unknown>;
    for (const [exported, value] of Object.entries(module)) {
      const ir = (value as { queryIR?: Parameters<typeof processSQLQueryIR>[0] } | null)?.queryIR;
      if (!ir) continue;
      names.set(processSQLQueryIR(ir, {}).query, exported.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));
    }
  }
  const tracer = api.trace.getTracer("bookstore-sql");
  traceStatements(names, (name, run) =>
    tracer.startActiveSpan(name, { kind: api.SpanKind.CLIENT, attributes: { "db.system": "postgresql", "db.operation.name": name } }, async (span) => {
      try {
        return await run();
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({ code: api.SpanStatusCode.ERROR });
        throw error;
      } finally {
        span.end();
      }
    }),
  );
  return { plugin, shutdown: () => processor.shutdown() };
}
