import { Elysia, ValidationError } from "elysia";
import { isDatabaseUnavailable } from "../db/transaction.ts";
import type { Logger } from "./logger.ts";
import { requestState } from "./request-context.ts";

/** The one error type of the service: an HTTP status, a stable code and a human detail. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    /** UPPER_SNAKE code clients branch on. Not named `code`: Elysia reads that property. */
    readonly errorCode: string,
    readonly detail: string | ValidationProblem[],
    readonly field?: string,
    /** Extra body members, e.g. the short lines of an insufficient-stock error. */
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(typeof detail === "string" ? detail : errorCode);
  }
}

export interface ValidationProblem {
  field: string;
  message: string;
}

export const validationError = (field: string, message: string) =>
  new AppError(422, "VALIDATION_ERROR", [{ field, message }], field);

const BODY_LIMIT_BYTES = 64 * 1024;

/** The JSON envelope: `{detail, code, field?, ...extra}`. */
export function errorBody(error: AppError): Record<string, unknown> {
  const body: Record<string, unknown> = { detail: error.detail, code: error.errorCode };
  if (error.field !== undefined) body.field = error.field;
  return { ...body, ...error.extra };
}

/**
 * A 5xx body also names the request id, so a user's report leads to the log line. The route
 * pattern is recorded here too, for requests that failed before the observability plugin's
 * transform learnt it (an unreadable body).
 */
function errorResponse(error: AppError, request: Request, route: string | undefined): Response {
  const state = requestState(request);
  const body = errorBody(error);
  if (state) {
    state.errorCode = error.errorCode;
    state.route ??= route;
    if (error.status >= 500) body.request_id = state.id;
  }
  return Response.json(body, { status: error.status, headers: error.headers });
}

/**
 * Every thrown error becomes an AppError here: the one place that decides status and code.
 * 5xx are logged with their cause and answered with a generic detail.
 */
export function toAppError(code: string | number, error: unknown, request: Request, logger: Logger): AppError {
  if (error instanceof AppError) return error;
  // Elysia wraps whatever a parse hook throws (our 413 included) in a ParseError.
  if (error instanceof Error && error.cause instanceof AppError) return error.cause;
  if (error instanceof ValidationError) {
    if (error.type === "response") {
      // A handler produced output that breaks its own schema: our bug, not the client's.
      logger.error({ ...where(request), problems: error.all }, "response failed its schema");
      return internalError();
    }
    const problems = validationProblems(error);
    return new AppError(422, "VALIDATION_ERROR", problems, problems[0]?.field);
  }
  if (code === "PARSE") return new AppError(400, "INVALID_JSON", "Request body is not valid JSON");
  if (code === "NOT_FOUND") return new AppError(404, "NOT_FOUND", "Route not found");
  if (TEXT_WITH_NUL.has((error as { code?: string }).code ?? "")) {
    return new AppError(422, "VALIDATION_ERROR", [{ field: "request", message: "Text must not contain NUL characters" }]);
  }
  if (isDatabaseUnavailable(error)) {
    logger.error({ ...where(request), err: error }, "database unavailable");
    return new AppError(503, "DB_UNAVAILABLE", "Database unavailable, try again shortly", undefined, undefined, {
      "retry-after": "2",
    });
  }
  logger.error({ ...where(request), err: error }, "unexpected error");
  return internalError();
}

/** Names the request of a log line by id, method and path (no query string: it may hold anything). */
function where(request: Request) {
  const path = new URL(request.url).pathname;
  return { request_id: requestState(request)?.id, method: request.method, path };
}

// PostgreSQL cannot store NUL in text (22021) or jsonb (22P05); only client input carries one,
// in a body or a query string, so every route answers it alike.
const TEXT_WITH_NUL = new Set(["22021", "22P05"]);

const internalError = () => new AppError(500, "INTERNAL_ERROR", "Internal server error");

type AnnotatedSchema = { error?: unknown; "x-field"?: string };

/**
 * The list of what was wrong, one entry per field, preferring each schema's own `error:`
 * text. Elysia checks query and path values one at a time and reports no path for them,
 * so those schemas name their field in `x-field` (see `integerField`).
 */
function validationProblems(error: ValidationError): ValidationProblem[] {
  const seen = new Set<string>();
  const problems: ValidationProblem[] = [];
  for (const issue of error.all) {
    const schema = ("schema" in issue ? issue.schema : error.validator) as AnnotatedSchema;
    const path = "path" in issue && typeof issue.path === "string" ? issue.path : "";
    const field = path.replace(/^\//, "").replaceAll("/", ".")
      || schema["x-field"]
      || (error.validator as AnnotatedSchema)["x-field"]
      || error.type;
    const message = typeof schema.error === "string" ? schema.error : String(("summary" in issue && issue.summary) || issue.message);
    const key = `${field}\0${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ field, message });
  }
  return problems.length ? problems : [{ field: error.type, message: "Invalid value" }];
}

/**
 * Registered first: the envelope for every error, the 64 KiB body limit and a JSON body
 * parser that enforces it while reading (Bun's own limit answers with an empty body that
 * this handler never sees).
 */
export const errorsPlugin = (logger: Logger) => new Elysia({ name: "errors", seed: logger })
  // A parse hook rather than onRequest: it runs only for requests with a body, and a
  // global onRequest hook costs every request (GETs included) a few microseconds.
  .onParse({ as: "global" }, async ({ request }) => {
    const text = await readBodyWithLimit(request);
    if (text.trim() === "") return undefined;
    try {
      return JSON.parse(text);
    } catch {
      throw new AppError(400, "INVALID_JSON", "Request body is not valid JSON");
    }
  })
  .onError({ as: "global" }, ({ code, error, request, route }) => errorResponse(toAppError(code, error, request, logger), request, route));

const tooLarge = () => new AppError(413, "PAYLOAD_TOO_LARGE", `Request body exceeds ${BODY_LIMIT_BYTES} bytes`);

/** The body as text: refused up front by its declared length, or while reading when chunked. */
async function readBodyWithLimit(request: Request): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (Number(declared) > BODY_LIMIT_BYTES) throw tooLarge();
    return request.text();
  }
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of request.body) {
    size += chunk.byteLength;
    if (size > BODY_LIMIT_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
