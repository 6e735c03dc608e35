import { jwt } from "@elysiajs/jwt";
import { Elysia } from "elysia";
import { AppError } from "./errors.ts";
import { requestState } from "./request-context.ts";

export type Role = "user" | "admin";

export interface CurrentUser {
  id: number;
  role: Role;
}

export interface AccessTokens {
  sign(user: CurrentUser): Promise<string>;
  /** The user a valid HS256 token with `sub`, `role` and `exp` names; undefined otherwise. */
  verify(token: string): Promise<CurrentUser | undefined>;
}

/**
 * Access tokens are HS256 JWTs: `sub` (user id), `role`, `exp`. The HMAC key is imported once
 * (a raw secret would be re-imported on every call), and a verified token is remembered until
 * it expires: a client sends the same token many times, and each WebCrypto verify costs tens of µs.
 */
export function createAccessTokens(secret: string, ttlSeconds: number): AccessTokens {
  const signer = crypto.subtle
    .importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"])
    .then((key) => jwt({ name: "jwt", secret: key, alg: "HS256" }).decorator.jwt);
  const verified = new Map<string, { user: CurrentUser; expiresAt: number }>();
  return {
    sign: async (user) => (await signer).sign({ sub: String(user.id), role: user.role, exp: `${ttlSeconds}s`, iat: true }),
    async verify(token) {
      const cached = verified.get(token);
      if (cached && cached.expiresAt > Date.now()) return cached.user;
      // Without pinned algorithms the plugin accepts any HS* token signed with our key,
      // and tokens with no `exp`.
      const payload = await (await signer).verify(token, { algorithms: ["HS256"], requiredClaims: ["sub", "exp"] });
      if (!payload) return undefined;
      const id = Number(payload.sub);
      const role = payload.role;
      if (!Number.isSafeInteger(id) || id <= 0 || (role !== "user" && role !== "admin")) return undefined;
      if (verified.size >= VERIFIED_CACHE_SIZE) verified.clear();
      verified.set(token, { user: { id, role }, expiresAt: payload.exp! * 1000 });
      return { id, role };
    },
  };
}

const VERIFIED_CACHE_SIZE = 10_000;

/** A valid token whose user has since been deleted. */
export const userGone = () => new AppError(401, "AUTH_TOKEN_INVALID", "User no longer exists");

const BEARER = /^Bearer\s+(\S+)$/i;

async function authenticate(tokens: AccessTokens, authorization: string | undefined): Promise<CurrentUser> {
  if (!authorization) throw new AppError(401, "AUTH_TOKEN_MISSING", "Missing bearer token", undefined, undefined, WWW_AUTHENTICATE);
  const token = BEARER.exec(authorization)?.[1];
  const user = token ? await tokens.verify(token) : undefined;
  if (!user) throw new AppError(401, "AUTH_TOKEN_INVALID", "Invalid or expired token", undefined, undefined, WWW_AUTHENTICATE);
  return user;
}

const WWW_AUTHENTICATE = { "www-authenticate": 'Bearer realm="bookstore"' };

/**
 * `{ auth: true }` on a route gives its handler `user`, or answers 401;
 * `{ admin: true }` also answers 403 AUTH_FORBIDDEN for a non-admin.
 * The token is checked in `transform`, before body and query validation, so an anonymous
 * caller gets 401 rather than details of what its input lacked.
 */
export const authPlugin = (tokens: AccessTokens) => {
  const authenticated = new WeakMap<Request, CurrentUser>();
  const guard = (requireAdmin: boolean) => ({
    detail: { security: [{ bearerAuth: [] }] },
    async transform({ request }: { request: Request }) {
      const user = await authenticate(tokens, request.headers.get("authorization") ?? undefined);
      if (requireAdmin && user.role !== "admin") throw new AppError(403, "AUTH_FORBIDDEN", "Admin role required");
      authenticated.set(request, user);
      const state = requestState(request);
      if (state) state.userId = user.id;
    },
    resolve: ({ request }: { request: Request }) => ({ user: authenticated.get(request)! }),
  });
  return new Elysia({ name: "auth", seed: tokens }).macro({ auth: guard(false), admin: guard(true) });
};
