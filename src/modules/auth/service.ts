import { createHash, randomBytes } from "node:crypto";
import type pg from "pg";
import { type AccessTokens, type CurrentUser, userGone } from "../../core/auth.ts";
import { AppError } from "../../core/errors.ts";
import { hashPassword, verifyPassword } from "../../core/password.ts";
import type { Db } from "../../db/pool.ts";
import {
  insertRefreshToken,
  pruneExpiredRefreshTokens,
  revokeFamilyOfReusedToken,
  revokeRefreshFamily,
  rotateRefreshToken,
} from "../../db/queries/refresh_tokens.queries.ts";
import { findUserByEmail, findUserById, insertUser, upsertAdmin } from "../../db/queries/users.queries.ts";
import { withTransaction } from "../../db/transaction.ts";
import type { LoginBody, RegisterBody, TokenPair } from "./model.ts";

export interface TokenSettings {
  access: AccessTokens;
  refreshTokenTtlDays: number;
}

// Verified against when the email is unknown, so both failures take as long.
const UNKNOWN_USER_HASH = await hashPassword("not-a-real-password");

const invalidCredentials = () => new AppError(401, "AUTH_INVALID_CREDENTIALS", "Incorrect email or password");

export async function register(pool: pg.Pool, tokens: TokenSettings, body: RegisterBody): Promise<TokenPair> {
  const passwordHash = await hashPassword(body.password);
  const { user, refreshToken } = await withTransaction(pool, async (tx) => {
    const [user] = await insertUser.run({ email: body.email.toLowerCase(), passwordHash }, tx);
    if (!user) throw new AppError(409, "AUTH_EMAIL_CONFLICT", "Email already registered", "email");
    return { user, refreshToken: await storeRefreshToken(tx, tokens, user) };
  });
  // Signed after COMMIT: WebCrypto work queues behind password hashing on Bun's thread pool,
  // and a transaction must not hold its connection while it waits there.
  return pair(await tokens.access.sign(user), refreshToken);
}

export async function login(db: Db, tokens: TokenSettings, body: LoginBody): Promise<TokenPair> {
  const [user] = await findUserByEmail.run({ email: body.email }, db);
  const valid = await verifyPassword(body.password, user?.password_hash ?? UNKNOWN_USER_HASH);
  if (!user || !valid) throw invalidCredentials();
  return pair(await tokens.access.sign(user), await storeRefreshToken(db, tokens, user));
}

/** Rotation: the presented token is spent and a successor in the same family returned. */
export async function refresh(db: Db, tokens: TokenSettings, refreshToken: string): Promise<TokenPair> {
  const tokenHash = hashToken(refreshToken);
  const successor = newRefreshToken();
  const [user] = await rotateRefreshToken.run(
    { tokenHash, successorHash: hashToken(successor), ttlDays: tokens.refreshTokenTtlDays },
    db,
  );
  if (user) return pair(await tokens.access.sign(user), successor);
  const [reused] = await revokeFamilyOfReusedToken.run({ tokenHash }, db);
  if (reused) throw new AppError(401, "AUTH_TOKEN_REUSE", "Refresh token was already used; the session is revoked");
  throw new AppError(401, "AUTH_REFRESH_INVALID", "Invalid or expired refresh token");
}

export async function logout(db: Db, refreshToken: string): Promise<void> {
  await revokeRefreshFamily.run({ tokenHash: hashToken(refreshToken) }, db);
}

export async function me(db: Db, userId: number) {
  const [user] = await findUserById.run({ id: userId }, db);
  if (!user) throw userGone();
  return user;
}

/** Deletes expired refresh tokens; returns how many. */
export async function pruneExpiredTokens(db: Db): Promise<number> {
  const { rowCount } = await pruneExpiredRefreshTokens.runWithCounts(undefined, db);
  return rowCount;
}

/**
 * Idempotent admin bootstrap (startup and `bun run admin:create`). Processes starting together
 * upsert the same row, each waiting for the one before to commit (longer when commits wait for a
 * replica): a wait past lock_timeout is tried again, a few times, rather than failing the start.
 */
export async function ensureAdmin(db: Db, email: string, password: string) {
  const params = { email: email.toLowerCase(), passwordHash: await hashPassword(password) };
  for (let attempt = 1; ; attempt++) {
    try {
      const [admin] = await upsertAdmin.run(params, db);
      if (!admin) throw new Error("admin upsert returned no row");
      return admin;
    } catch (error) {
      if ((error as { code?: string }).code !== "55P03" || attempt === 5) throw error; // 55P03: lock_timeout
    }
  }
}

/** The first refresh token of a new session (token family), stored as its hash; returns the token. */
async function storeRefreshToken(db: Db, tokens: TokenSettings, user: CurrentUser): Promise<string> {
  const refreshToken = newRefreshToken();
  await insertRefreshToken.run(
    { userId: user.id, tokenHash: hashToken(refreshToken), ttlDays: tokens.refreshTokenTtlDays },
    db,
  );
  return refreshToken;
}

const pair = (accessToken: string, refreshToken: string): TokenPair => ({
  access_token: accessToken,
  refresh_token: refreshToken,
  token_type: "bearer",
});

const newRefreshToken = () => randomBytes(32).toString("base64url");

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
