import { type IntegerOptions, Type } from "@sinclair/typebox";
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

/** The error envelope, as documented in OpenAPI for every error status. */
export const ErrorBody = t.Object(
  {
    detail: t.Union([t.String(), t.Array(t.Object({ field: t.String(), message: t.String() }))]),
    code: t.String({ examples: ["VALIDATION_ERROR"] }),
    field: t.Optional(t.String()),
  },
  { additionalProperties: true },
);

export const errorResponses = (...statuses: number[]) =>
  Object.fromEntries(statuses.map((status) => [status, ErrorBody])) as Record<number, typeof ErrorBody>;

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
