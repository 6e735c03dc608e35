import { dirname, join } from "node:path";
import { toOpenAPISchema, unwrapSchema } from "@elysiajs/openapi/openapi";
import { OptionalKind, type TSchema } from "@sinclair/typebox";
import { type AnyElysia, Elysia } from "elysia";

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
  { name: "service", description: "Operations" },
];

/**
 * The OpenAPI 3 document of `app`, generated from its TypeBox schemas, made once on
 * first use (every route is registered by then).
 */
function buildDocument(app: AnyElysia) {
  const { paths, components } = toOpenAPISchema(app);
  completeOperations(app, paths as Record<string, Record<string, Json>>);
  return tidy({
    openapi: "3.0.3",
    info: INFO,
    tags: TAGS,
    paths,
    components: {
      ...components,
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
    },
  });
}

type Json = { [key: string]: unknown };

/**
 * What the generator leaves out, written in from the routes: JSON body schemas (it leaves
 * requestBody content empty on routes with a custom body parser, and ours enforces the size
 * limit), and parameters a route documents itself (a header such as Idempotency-Key), which it
 * replaces with the path and query parameters it derives.
 */
function completeOperations(app: AnyElysia, paths: Record<string, Record<string, Json>>) {
  for (const route of app.routes) {
    const operation = paths[route.path.replace(/:(\w+)/g, "{$1}")]?.[route.method.toLowerCase()];
    if (!operation) continue;
    const declared = (route.hooks?.detail as { parameters?: Json[] } | undefined)?.parameters ?? [];
    if (declared.length) {
      const derived = ((operation.parameters ?? []) as Json[]).filter((p) => !declared.some((d) => d.name === p.name && d.in === p.in));
      operation.parameters = [...derived, ...declared];
    }
    const body = route.hooks?.body as TSchema | undefined;
    if (!body || typeof body !== "object") continue;
    operation.requestBody = {
      required: body[OptionalKind] !== "Optional",
      content: { "application/json": { schema: unwrapSchema(body, undefined, "input") } },
    };
  }
}

/**
 * Elysia's integers and booleans are unions with a coercible string form; readers of the
 * document want the plain type. A query parameter with a default is not required.
 */
function tidy<T>(node: T): T {
  if (Array.isArray(node)) return node.map(tidy) as T;
  if (!node || typeof node !== "object") return node;
  const object = node as Json;
  const anyOf = object.anyOf as Json[] | undefined;
  if (anyOf?.length === 2 && anyOf[0]?.type === "string" && ["integer", "boolean", "numeric"].includes(anyOf[0].format as string)) {
    const { anyOf: _, ...rest } = object;
    return tidy({ ...rest, ...anyOf[1] }) as T;
  }
  const out: Json = Object.fromEntries(Object.entries(object).map(([key, value]) => [key, tidy(value)]));
  if (out.in === "query" && (out.schema as Json | undefined)?.default !== undefined) out.required = false;
  return out as T;
}

// The reference page must render offline and behind firewalls: Swagger UI's script and
// stylesheet come from the swagger-ui-dist package through the API itself, never a CDN.
const swaggerUiDir = dirname(Bun.resolveSync("swagger-ui-dist/package.json", import.meta.dir));
const asset = (file: string, type: string) => () =>
  new Response(Bun.file(join(swaggerUiDir, file)), {
    headers: { "content-type": type, "cache-control": "public, max-age=86400" },
  });

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
  let document: ReturnType<typeof buildDocument> | undefined;
  return new Elysia({ name: "openapi" })
    .get("/openapi", () => new Response(PAGE, { headers: { "content-type": "text/html; charset=utf-8" } }), hidden)
    .get("/openapi/json", () => (document ??= buildDocument(app)), hidden)
    .get("/openapi/swagger-ui-bundle.js", asset("swagger-ui-bundle.js", "text/javascript; charset=utf-8"), hidden)
    .get("/openapi/swagger-ui.css", asset("swagger-ui.css", "text/css; charset=utf-8"), hidden);
};
