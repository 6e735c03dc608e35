import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { toOpenAPISchema, unwrapSchema } from "@elysiajs/openapi/openapi";
import { OptionalKind, type TSchema } from "@sinclair/typebox";
import { type AnyElysia, Elysia } from "elysia";
import { NAMED_SCHEMAS } from "./schemas.ts";

const INFO = {
  title: "Bookstore Orders API",
  version: "1.0.0",
  description:
    "Catalog, cart and a transactional checkout. Every error shares one envelope: " +
    '`{"detail": string | [{field, message}], "code": "UPPER_SNAKE", "field"?: string}`. ' +
    "Request bodies are JSON (a body without a content-type is read as JSON too), at most 64 KiB.",
};

const TAGS = [
  { name: "auth", description: "Accounts and tokens" },
  { name: "books", description: "The catalog" },
  { name: "cart", description: "The current user's cart" },
  { name: "orders", description: "Checkout and order history" },
  { name: "admin", description: "Admin-only views" },
  { name: "webhooks", description: "Order events to your URLs (admin)" },
  { name: "service", description: "Operations" },
];

type Json = { [key: string]: unknown };

const ref = (kind: "schemas" | "responses" | "headers", name: string): Json => ({ $ref: `#/components/${kind}/${name}` });
const ERROR_REF = ref("schemas", "Error").$ref;
/** An error answer: its X-Request-Id (and any other headers) and the envelope `schema` names. */
const errorResponse = (description: string, schema = "Error", headers: Record<string, Json> = {}): Json => ({
  description,
  headers: { "X-Request-Id": ref("headers", "X-Request-Id"), ...headers },
  content: { "application/json": { schema: ref("schemas", schema) } },
});

/** Response headers, written once under `components.headers`. */
const HEADERS: Record<string, Json> = {
  "X-Request-Id": {
    required: true,
    description: "The request's id (the client's own X-Request-Id when it sent a valid one); every log line of the request names it",
    schema: { type: "string" },
  },
  "Retry-After": { description: "Seconds to wait before trying again", schema: { type: "string", pattern: "^\\d+$" } },
  Link: { description: 'RFC 8288: `<next page URL>; rel="next"` while more exist', schema: { type: "string" } },
  "Idempotent-Replayed": {
    description: "`true` when this is the recorded outcome of an earlier request with the same Idempotency-Key",
    schema: { type: "string", enum: ["true"] },
  },
  "RateLimit-Policy": { description: 'IETF RateLimit-Policy: `"name";q=<quota>;w=<window seconds>` per policy', schema: { type: "string" } },
  RateLimit: { description: 'IETF RateLimit: `"name";r=<remaining>;t=<seconds to reset>` per policy', schema: { type: "string" } },
  "WWW-Authenticate": { description: "On a missing or invalid bearer token", schema: { type: "string" } },
};

/** A route's `detail` for a list paged by a `Link` header (rel="next"). */
export const pagedByLink = {
  responses: { 200: { description: "A page; Link names the next one while more exist", headers: { Link: ref("headers", "Link") } } },
};

/** Answers any route can give, written once under `components.responses`. */
const RESPONSES: Record<string, Json> = {
  InvalidJson: errorResponse("INVALID_JSON: the body is not JSON"),
  PayloadTooLarge: errorResponse("PAYLOAD_TOO_LARGE: the body exceeds 64 KiB"),
  InternalError: errorResponse("INTERNAL_ERROR: a bug; detail says nothing, request_id names the log line"),
  DatabaseUnavailable: errorResponse(
    "DB_UNAVAILABLE: the database is down or not answering in time; retry after Retry-After seconds",
    "Error",
    { "Retry-After": ref("headers", "Retry-After") },
  ),
};

const STATUS_TEXT: Record<string, string> = {
  200: "OK", 201: "Created", 202: "Accepted", 204: "No content", 400: "Bad request", 401: "Unauthenticated", 402: "Payment declined",
  403: "Forbidden", 404: "Not found", 409: "Conflict", 413: "Payload too large", 422: "Invalid input", 429: "Too many requests",
  500: "Internal error", 502: "Payment gateway refused", 503: "Unavailable",
};

/**
 * The OpenAPI 3.1 document of `app`, generated from its TypeBox schemas and completed with what
 * every route answers (src/core/errors.ts: 400, 413, 500, 503; request ids, rate limits). Its
 * bytes never depend on traffic: see `clean`.
 */
function buildDocument(app: AnyElysia) {
  const { paths } = toOpenAPISchema(app, undefined, undefined, undefined, "3.1.0");
  const named = namedSchemas();
  for (const route of app.routes) {
    const operation = (paths as Record<string, Record<string, Json>>)[route.path.replace(/:(\w+)/g, "{$1}")]?.[route.method.toLowerCase()];
    if (operation) completeOperation(route, operation, named);
  }
  const schemas = Object.fromEntries([...named].map(([key, name]) => [name, { ...JSON.parse(key), title: name }]));
  for (const [name, schema] of Object.entries(schemas)) {
    schemas[name] = useNames(schema, named, true);
  }
  return {
    openapi: "3.1.0",
    info: INFO,
    servers: [{ url: "/", description: "The server that serves this document" }],
    tags: TAGS,
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
      responses: RESPONSES,
      headers: HEADERS,
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  };
}

type Route = AnyElysia["routes"][number];
type Mode = "request" | "response";

/**
 * What the generator leaves out or gets wrong, written in from the route: JSON bodies (it
 * leaves content empty on routes with a custom parser, and ours enforces the size limit),
 * header parameters a route declares, response headers, the statuses every route can answer,
 * `security: []` on public operations and $refs to the named schemas.
 */
function completeOperation(route: Route, operation: Json, named: Map<string, string>) {
  const detail = (route.hooks?.detail ?? {}) as { parameters?: Json[]; responses?: Record<string, { headers?: Json }> };
  const declared = detail.parameters ?? [];
  const parameters = [
    ...((operation.parameters ?? []) as Json[]).filter((p) => !declared.some((d) => d.name === p.name && d.in === p.in)),
    ...declared,
  ].map((p): Json => ({ ...p, schema: clean(p.schema, "request") }));
  if (parameters.length) operation.parameters = parameters;
  const body = route.hooks?.body as TSchema | undefined;
  if (body && typeof body === "object") {
    operation.requestBody = {
      required: body[OptionalKind] !== "Optional",
      description: "JSON, at most 64 KiB; members not described here are ignored",
      content: { "application/json": { schema: clean(unwrapSchema(body, undefined, "input", "3.1.0"), "request") } },
    };
  }
  operation.security ??= [];
  const responses: Record<string, Json> = {};
  const idempotent = declared.some((p) => p.name === "Idempotency-Key");
  const rateLimited = "429" in ((operation.responses ?? {}) as Json);
  for (const [status, response] of Object.entries((operation.responses ?? {}) as Record<string, Json>)) {
    const generated = (response.content as Record<string, { schema?: Json }> | undefined)?.["application/json"]?.schema;
    const schema = generated && status !== "204" ? useNames(clean(generated, "response"), named) : undefined;
    if (status === "503" && schema?.$ref === ERROR_REF && !schema?.description) {
      responses[status] = ref("responses", "DatabaseUnavailable");
      continue;
    }
    const headers: Record<string, Json> = { "X-Request-Id": ref("headers", "X-Request-Id") };
    for (const name of Object.keys(detail.responses?.[status]?.headers ?? {})) headers[name] = ref("headers", name);
    if (status === "401" && (operation.security as unknown[]).length) headers["WWW-Authenticate"] = ref("headers", "WWW-Authenticate");
    if (status === "429") headers["Retry-After"] = { ...HEADERS["Retry-After"], required: true };
    if (rateLimited && (status === "429" || /^(2|401|409)/.test(status))) {
      headers["RateLimit-Policy"] = ref("headers", "RateLimit-Policy");
      headers.RateLimit = ref("headers", "RateLimit");
    }
    if (idempotent && /^(2|402|409|422)/.test(status)) headers["Idempotent-Replayed"] = ref("headers", "Idempotent-Replayed");
    if (idempotent && status === "409") headers["Retry-After"] = ref("headers", "Retry-After");
    responses[status] = {
      description: (schema?.description as string | undefined) ?? ownDescription(response, status) ?? STATUS_TEXT[status] ?? `Status ${status}`,
      headers,
      ...(schema ? { content: { "application/json": { schema } } } : {}),
    };
  }
  if (operation.requestBody) {
    responses["400"] ??= ref("responses", "InvalidJson");
    responses["413"] ??= ref("responses", "PayloadTooLarge");
  }
  if (operation.requestBody || parameters.some((p) => p.in !== "header")) {
    responses["422"] ??= errorResponse(STATUS_TEXT[422]!, "ValidationError");
  }
  responses["500"] ??= ref("responses", "InternalError");
  responses["503"] ??= ref("responses", "DatabaseUnavailable");
  operation.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
  if (operation.requestBody) {
    const content = (operation.requestBody as { content: Record<string, { schema: Json }> }).content["application/json"]!;
    content.schema = useNames(content.schema, named);
  }
}

/** A response's description from its route (`t.Void({ description })`), not the generator's placeholder. */
const ownDescription = (response: Json, status: string) =>
  response.description === `Response for status ${status}` ? undefined : (response.description as string | undefined);

/**
 * The JSON Schema a reader should see. Elysia's integers and booleans are unions with a
 * coercible string form: the plain type is documented. `nullable`, `error` and `x-field` are
 * Elysia's and ours, not JSON Schema. Response objects are closed (`additionalProperties:
 * false`): the server strips every member its schema does not name, whatever Elysia has done to
 * the schema objects when it compiled a route (only a schema declared open stays open). Request
 * objects are open: members they do not name are ignored, not refused.
 */
function clean(node: unknown, mode: Mode): Json {
  if (Array.isArray(node)) return node.map((item) => clean(item, mode)) as unknown as Json;
  if (!node || typeof node !== "object") return node as Json;
  let object = node as Json;
  const anyOf = object.anyOf as Json[] | undefined;
  if (anyOf?.length === 2 && anyOf[0]?.type === "string" && ["integer", "boolean", "numeric"].includes(anyOf[0].format as string)) {
    const { anyOf: _, ...rest } = object;
    object = { ...rest, ...anyOf[1] };
  }
  const out: Json = {};
  for (const [key, value] of Object.entries(object)) {
    if (key === "nullable" || key === "error" || key === "x-field" || key === "additionalProperties") continue;
    if (key === "default" && mode === "response") continue;
    out[key] = key === "properties" || key === "patternProperties"
      ? Object.fromEntries(Object.entries(value as Json).map(([name, child]) => [name, clean(child, mode)]))
      : clean(value, mode);
  }
  // An open schema (the error envelope) says nothing: JSON Schema's default, and generated
  // clients then type it without an index signature, so `"items" in error` narrows a union.
  if (isObjectSchema(out) && mode === "response" && object.additionalProperties !== true) out.additionalProperties = false;
  return out;
}

const isObjectSchema = (node: Json) => node.type === "object" || (Array.isArray(node.type) && node.type.includes("object"));

/** Canonical text of a schema (keys sorted), its identity for naming. */
function canonical(node: unknown): string {
  return JSON.stringify(node, (_, value) =>
    value && typeof value === "object" && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)))
      : value);
}

/** Canonical text of every named schema (in the response form routes answer it in) → its name. */
function namedSchemas(): Map<string, string> {
  return new Map([...NAMED_SCHEMAS].map(([name, schema]) => [canonical(clean(unwrapSchema(schema, undefined, "output", "3.1.0"), "response")), name]));
}

/**
 * `node` with every subschema that is a named schema replaced by its $ref (a description of
 * its own kept beside the $ref); `top` keeps the node itself, for the named schema's own entry.
 */
function useNames(node: unknown, named: Map<string, string>, top = false): Json {
  if (Array.isArray(node)) return node.map((item) => useNames(item, named)) as unknown as Json;
  if (!node || typeof node !== "object") return node as Json;
  if (!top) {
    const { description, ...rest } = node as Json;
    const exactly = named.get(canonical(node));
    if (exactly) return ref("schemas", exactly);
    const described = named.get(canonical(rest));
    if (described) return { ...ref("schemas", described), description };
  }
  return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, key === "title" ? value : useNames(value, named)]));
}

// The reference page must render offline and behind firewalls: Swagger UI's script and
// stylesheet come from the swagger-ui-dist package through the API itself, never a CDN.
// Read once, on first use, through node: modules so that the app runs on Deno as on Bun.
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
const asset = (file: string, type: string) => {
  let bytes: Promise<Uint8Array> | undefined;
  return async () =>
    new Response(await (bytes ??= readFile(join(swaggerUiDir, file))), {
      headers: { "content-type": type, "cache-control": "public, max-age=86400" },
    });
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8" />
  <meta name="viewport" content="width=device-width, initial-scale=1" />
  <title>${INFO.title}</title>
  <link rel="stylesheet" href="/openapi/swagger-ui.css" />
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/openapi/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: "/openapi/json", dom_id: "#swagger-ui", persistAuthorization: true, deepLinking: true });
  </script>
</body>
</html>`;

const hidden = { detail: { hide: true } };

/** GET /openapi (reference page), /openapi/json (the document) and the page's assets. */
export const openapiRoutes = (app: AnyElysia) => {
  // Built on first fetch (~0.1 s, kept out of startup): its cleaning makes it the same bytes
  // whatever Elysia has written into the schema objects of the routes that served before.
  let document: string | undefined;
  return new Elysia({ name: "openapi" })
    .get("/openapi", () => new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } }), hidden)
    .get("/openapi/json", () => new Response((document ??= JSON.stringify(buildDocument(app))), { headers: { "content-type": "application/json" } }), hidden)
    .get("/openapi/swagger-ui-bundle.js", asset("swagger-ui-bundle.js", "text/javascript; charset=utf-8"), hidden)
    .get("/openapi/swagger-ui.css", asset("swagger-ui.css", "text/css; charset=utf-8"), hidden);
};
