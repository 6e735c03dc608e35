import { type Static, t } from "elysia";
import { EMAIL_PATTERN, Integer, named } from "../../core/schemas.ts";

const Email = t.String({
  maxLength: 320,
  pattern: EMAIL_PATTERN,
  error: "email must be a valid email address",
  examples: ["reader@example.com"],
});

export const RegisterBody = t.Object({
  email: Email,
  password: t.String({ minLength: 8, maxLength: 128, error: "password must be 8 to 128 characters" }),
});
export type RegisterBody = Static<typeof RegisterBody>;

// Any non-empty password may be tried: a wrong one is a 401, not a validation error.
export const LoginBody = t.Object({
  email: Email,
  password: t.String({ minLength: 1, maxLength: 128 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const RefreshBody = t.Object({
  refresh_token: t.String({ minLength: 1, maxLength: 512 }),
});

export const TokenPair = named("TokenPair", t.Object({
  access_token: t.String(),
  refresh_token: t.String(),
  token_type: t.Literal("bearer"),
}));
export type TokenPair = Static<typeof TokenPair>;

export const Me = named("User", t.Object({
  id: Integer(),
  email: t.String(),
  role: t.Union([t.Literal("user"), t.Literal("admin")]),
}));
