import { Elysia, t } from "elysia";
import type pg from "pg";
import { authPlugin } from "../../core/auth.ts";
import type { rateLimitPlugin } from "../../core/rate-limit.ts";
import { noContent } from "../../core/responses.ts";
import { errorResponses } from "../../core/schemas.ts";
import { prepared } from "../../db/pool.ts";
import { LoginBody, Me, RefreshBody, RegisterBody, TokenPair } from "./model.ts";
import * as auth from "./service.ts";

export const authModule = (pool: pg.Pool, tokens: auth.TokenSettings, limits: ReturnType<typeof rateLimitPlugin>) => {
  const db = prepared(pool);
  return new Elysia({ name: "auth-routes", prefix: "/auth", detail: { tags: ["auth"] } })
    .use(authPlugin(tokens.access))
    .use(limits)
    .post("/register", ({ body, status }) => auth.register(pool, tokens, body).then((pair) => status(201, pair)), {
      body: RegisterBody,
      rateLimit: "register",
      response: { 201: TokenPair, ...errorResponses(409, 422, 429) },
      detail: { summary: "Create an account (always role user) and log in" },
    })
    .post("/login", ({ body }) => auth.login(db, tokens, body), {
      body: LoginBody,
      rateLimit: "login",
      response: { 200: TokenPair, ...errorResponses(401, 422, 429) },
      detail: { summary: "Log in with email and password" },
    })
    .post("/refresh", ({ body }) => auth.refresh(db, tokens, body.refresh_token), {
      body: RefreshBody,
      rateLimit: "refresh",
      response: { 200: TokenPair, ...errorResponses(401, 422, 429) },
      detail: { summary: "Trade a refresh token for a new pair (the old one is spent)" },
    })
    .post(
      "/logout",
      async ({ body }) => {
        await auth.logout(db, body.refresh_token);
        return noContent();
      },
      {
        body: RefreshBody,
        response: { 204: t.Void(), ...errorResponses(422) },
        detail: { summary: "Revoke the session of a refresh token (idempotent)" },
      },
    )
    .get("/me", ({ user }) => auth.me(db, user.id), {
      auth: true,
      response: { 200: Me, ...errorResponses(401) },
      detail: { summary: "The current user" },
    });
};
