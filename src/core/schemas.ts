import { type IntegerOptions, type TSchema, Type } from "@sinclair/typebox";
import { t } from "elysia";
import { validationError } from "./errors.ts";

/** Something@something.tld: a sanity check, not RFC 5322; the confirmation is a login. */
export const EMAIL_PATTERN = "^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$";

/**
 * A JSON integer, strictly, for bodies and responses. Elysia's `t.Integer` also accepts numeric
 * strings through a transform, which query and path values need (see `integerField`); in a
 * response schema that transform costs a walk of the whole body on every request.
 */
export const Integer = (options?: IntegerOptions) => Type.Integer(options);

/**
 * Schemas the OpenAPI document names: each is written once under `components.schemas` and
 * referenced by `$ref` wherever a route uses it (src/core/openapi.ts). No effect at run time.
 */
export const NAMED_SCHEMAS = new Map<string, TSchema>();

export function named<T extends TSchema>(name: string, schema: T): T {
  NAMED_SCHEMAS.set(name, schema);
  return schema;
}

/** The error envelope; some codes add members (`current_status`, 5xx `request_id`), hence open. */
export const ErrorBody = named("Error", t.Object(
  {
    detail: t.String(),
    code: t.String({ examples: ["ORDER_NOT_FOUND"] }),
    field: t.Optional(t.String()),
    request_id: t.Optional(t.String({ description: "5xx only: the request's id, as in X-Request-Id and the logs" })),
  },
  { additionalProperties: true },
));

/** 422 VALIDATION_ERROR: one entry per field that was wrong. */
export const ValidationErrorBody = named("ValidationError", t.Object({
  detail: t.Array(t.Object({ field: t.String(), message: t.String() })),
  code: t.Literal("VALIDATION_ERROR"),
  field: t.Optional(t.String({ description: "The first field in detail" })),
}));

const UnprocessableBody = t.Union([ValidationErrorBody, ErrorBody], {
  description: "VALIDATION_ERROR (detail lists each field), or a route's own 422 code",
});

/** The error bodies of `statuses`: the envelope, and at 422 a validation error or the envelope. */
export const errorResponses = <S extends number>(...statuses: S[]) =>
  Object.fromEntries(statuses.map((status) => [status, status === 422 ? UnprocessableBody : ErrorBody])) as
    { [K in S]: K extends 422 ? typeof UnprocessableBody : typeof ErrorBody };

/** A decimal string with exactly two places, as money is always answered. */
export const MoneyString = t.String({ pattern: "^-?\\d+\\.\\d{2}$", examples: ["14.99"] });

const MONEY_INPUT = /^\d{1,8}(\.\d{1,2})?$/;

/** Money in a request: a string or a number with at most two decimal places, above zero. */
export const MoneyInput = t.Union([t.String(), t.Number()], {
  description: "Amount above 0 with at most two decimal places, as a string (\"14.99\") or a number",
  examples: ["14.99"],
});

/**
 * Normalises a validated MoneyInput to the decimal string handed to PostgreSQL.
 * A number is read through its shortest decimal form, never through float arithmetic.
 */
export function parseMoney(value: string | number, field: string): string {
  const text = typeof value === "number" ? String(value) : value.trim();
  if (!MONEY_INPUT.test(text) || !/[1-9]/.test(text)) {
    throw validationError(field, "Expected an amount above 0 with at most two decimal places (max 99999999.99)");
  }
  return text;
}

export const MAX_ID = 2_147_483_647;

/**
 * A query object as its handler sees it: fields with a default are optional for clients (the
 * schema marks them so, and typed clients such as Eden leave them out), and Elysia has filled
 * each in before the handler runs.
 */
export type WithDefaults<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };

export const defaultsApplied = <T, K extends keyof T>(query: T, _defaulted: readonly K[]) => query as WithDefaults<T, K>;

/**
 * An integer query or path value. Elysia validates these one by one without naming the
 * field, so the schema carries its name (`x-field`) and a message that says the rule.
 */
export const integerField = (
  field: string,
  rule: string,
  options: { minimum: number; maximum: number; default?: number; description?: string },
) => t.Integer({ ...options, error: `${field} must be ${rule}`, "x-field": field });

export const idField = (field: string) => integerField(field, "a positive integer", { minimum: 1, maximum: MAX_ID });

export const IdParams = t.Object({ id: idField("id") });
