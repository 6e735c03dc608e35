import { beforeAll, describe, expect, test } from "bun:test";
import { createHash, createHmac } from "node:crypto";
import { prepared } from "../src/db/pool.ts";
import { ensureAdmin, pruneExpiredTokens } from "../src/modules/auth/service.ts";
import { setupTestApp, TEST_CONFIG } from "./support/app.ts";
import { runCli } from "./support/process.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

const { call, pool, databaseUrl, registerUser, createAdmin } = await setupTestApp();

const PASSWORD = "password123";
let counter = 0;
const uniqueEmail = (prefix = "auth") => `${prefix}${++counter}-${crypto.randomUUID().slice(0, 8)}@example.com`;

const register = (email: string, password = PASSWORD, extra: Record<string, unknown> = {}) =>
  call("POST", "/auth/register", { body: { email, password, ...extra } });
const login = (email: string, password = PASSWORD) => call("POST", "/auth/login", { body: { email, password } });
const refresh = (refreshToken: string) => call("POST", "/auth/refresh", { body: { refresh_token: refreshToken } });
const logout = (refreshToken: string) => call("POST", "/auth/logout", { body: { refresh_token: refreshToken } });
const me = (token: string) => call("GET", "/auth/me", { token });

function expectTokenPair(body: unknown) {
  expect(body).toEqual({
    access_token: expect.any(String),
    refresh_token: expect.any(String),
    token_type: "bearer",
  });
}

function expectError(reply: { status: number; body: any }, status: number, code: string) {
  expect({ status: reply.status, code: reply.body?.code }).toEqual({ status, code });
  expect(reply.body.detail).toBeDefined();
}

// --- hand-made JWTs -------------------------------------------------------------------

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decodePart = (part: string) => JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
const now = () => Math.floor(Date.now() / 1000);

function signJwt(
  payload: Record<string, unknown>,
  { secret = TEST_CONFIG.jwtSecret, alg = "HS256" }: { secret?: string; alg?: "HS256" | "HS384" | "HS512" } = {},
) {
  const head = b64({ alg, typ: "JWT" });
  const body = b64(payload);
  const hash = { HS256: "sha256", HS384: "sha384", HS512: "sha512" }[alg];
  const signature = createHmac(hash, secret).update(`${head}.${body}`).digest("base64url");
  return `${head}.${body}.${signature}`;
}

describe("POST /auth/register", () => {
  test("201 with a bearer TokenPair whose access token is an HS256 JWT with sub, role and exp", async () => {
    const email = uniqueEmail();
    const reply = await register(email);
    expect(reply.status).toBe(201);
    expectTokenPair(reply.body);

    const [head, payload] = reply.body.access_token.split(".");
    expect(decodePart(head).alg).toBe("HS256");
    const claims = decodePart(payload);
    const who = await me(reply.body.access_token);
    expect(who.status).toBe(200);
    expect(claims.sub).toBe(String(who.body.id));
    expect(claims.role).toBe("user");
    // exp is absolute, ACCESS_TOKEN_TTL_SECONDS (900) from now
    expect(Math.abs(claims.exp - (now() + TEST_CONFIG.accessTokenTtlSeconds))).toBeLessThanOrEqual(5);
  });

  test("stores the password with a slow hash and the refresh token only as a hash", async () => {
    const email = uniqueEmail();
    const reply = await register(email);
    expect(reply.status).toBe(201);
    const { rows: users } = await pool.query("SELECT id, password_hash FROM users WHERE lower(email) = lower($1)", [email]);
    expect(users).toHaveLength(1);
    expect(users[0].password_hash).not.toContain(PASSWORD);
    expect(users[0].password_hash).toMatch(/^\$(argon2id|2[aby])\$/);

    const token = reply.body.refresh_token as string;
    const { rows: tokens } = await pool.query("SELECT token_hash FROM refresh_tokens WHERE user_id = $1", [users[0].id]);
    expect(tokens).toHaveLength(1);
    expect(tokens[0].token_hash).not.toBe(token);
    expect(tokens[0].token_hash).not.toContain(token);
    expect(tokens[0].token_hash).toBe(createHash("sha256").update(token).digest("hex"));
  });

  test("409 AUTH_EMAIL_CONFLICT for an email already registered, whatever its case", async () => {
    const email = uniqueEmail("conflict");
    expect((await register(email)).status).toBe(201);
    expectError(await register(email), 409, "AUTH_EMAIL_CONFLICT");
    expectError(await register(email.toUpperCase(), "another-password"), 409, "AUTH_EMAIL_CONFLICT");
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)", [email]);
    expect(rows[0].n).toBe(1);
  });

  test("422 VALIDATION_ERROR for a malformed email, naming the field", async () => {
    for (const email of ["not-an-email", "a@b", "two words@example.com", ""]) {
      const reply = await register(email);
      expectError(reply, 422, "VALIDATION_ERROR");
      expect(reply.body.field).toBe("email");
      expect(reply.body.detail).toContainEqual({ field: "email", message: expect.any(String) });
    }
  });

  test("422 VALIDATION_ERROR for a password of 7 or 129 characters", async () => {
    for (const password of ["x".repeat(7), "x".repeat(129)]) {
      const reply = await register(uniqueEmail(), password);
      expectError(reply, 422, "VALIDATION_ERROR");
      expect(reply.body.field).toBe("password");
      expect(reply.body.detail).toContainEqual({ field: "password", message: expect.any(String) });
    }
  });

  test("passwords of exactly 8 and 128 characters are accepted and work for login", async () => {
    for (const password of ["x".repeat(8), "y".repeat(128)]) {
      const email = uniqueEmail("boundary");
      expect((await register(email, password)).status).toBe(201);
      expect((await login(email, password)).status).toBe(200);
    }
  });

  test("422 VALIDATION_ERROR when fields are missing", async () => {
    const reply = await call("POST", "/auth/register", { body: {} });
    expectError(reply, 422, "VALIDATION_ERROR");
    const fields = (reply.body.detail as { field: string }[]).map((problem) => problem.field);
    expect(fields).toContain("email");
    expect(fields).toContain("password");
  });

  test('"role":"admin" in the body never grants admin', async () => {
    const email = uniqueEmail("sneaky");
    const reply = await register(email, PASSWORD, { role: "admin" });
    expect(reply.status).toBe(201);
    expect(decodePart(reply.body.access_token.split(".")[1]).role).toBe("user");
    const who = await me(reply.body.access_token);
    expect(who.status).toBe(200);
    expect(who.body.role).toBe("user");
    const { rows } = await pool.query("SELECT role FROM users WHERE id = $1", [who.body.id]);
    expect(rows[0].role).toBe("user");
    // and the token really is a user's: an admin route refuses it
    const create = await call("POST", "/books", {
      token: reply.body.access_token,
      body: { title: "T", author: "A", price: "1.00" },
    });
    expectError(create, 403, "AUTH_FORBIDDEN");
  });
});

describe("POST /auth/login", () => {
  const email = uniqueEmail("login");
  let userId: number;

  beforeAll(async () => {
    const created = await register(email);
    expect(created.status).toBe(201);
    userId = (await me(created.body.access_token)).body.id;
  });

  test("200 with a TokenPair for the right password", async () => {
    const reply = await login(email);
    expect(reply.status).toBe(200);
    expectTokenPair(reply.body);
    const who = await me(reply.body.access_token);
    expect(who.status).toBe(200);
    expect(who.body.id).toBe(userId);
  });

  test("the email is compared case-insensitively", async () => {
    const reply = await login(email.toUpperCase());
    expect(reply.status).toBe(200);
    expect((await me(reply.body.access_token)).body.id).toBe(userId);
  });

  test("401 AUTH_INVALID_CREDENTIALS for a wrong password", async () => {
    const reply = await login(email, "wrong-password");
    expectError(reply, 401, "AUTH_INVALID_CREDENTIALS");
    expect(reply.body.access_token).toBeUndefined();
  });

  test("401 AUTH_INVALID_CREDENTIALS for an unknown email, same answer as a wrong password", async () => {
    const unknown = await login(uniqueEmail("nobody"));
    expectError(unknown, 401, "AUTH_INVALID_CREDENTIALS");
    const wrong = await login(email, "wrong-password");
    expect(unknown.body).toEqual(wrong.body);
  });
});

describe("POST /auth/refresh", () => {
  test("200 with a new pair; the old refresh token is spent", async () => {
    const { refreshToken } = await registerUser();
    const reply = await refresh(refreshToken);
    expect(reply.status).toBe(200);
    expectTokenPair(reply.body);
    expect(reply.body.refresh_token).not.toBe(refreshToken);
    expect((await me(reply.body.access_token)).status).toBe(200);
    // the successor works in turn
    const next = await refresh(reply.body.refresh_token);
    expect(next.status).toBe(200);
    expect(next.body.refresh_token).not.toBe(reply.body.refresh_token);
    expect(next.body.refresh_token).not.toBe(refreshToken);
  });

  test("a rotated token used again → 401 AUTH_TOKEN_REUSE, and its whole family is revoked", async () => {
    const user = await registerUser();
    const first = await refresh(user.refreshToken);
    expect(first.status).toBe(200);
    const successor = first.body.refresh_token as string;

    expectError(await refresh(user.refreshToken), 401, "AUTH_TOKEN_REUSE");
    // the successor belongs to the revoked family
    expectError(await refresh(successor), 401, "AUTH_REFRESH_INVALID");
    // and replaying the rotated one keeps being refused
    expect((await refresh(user.refreshToken)).status).toBe(401);
  });

  test("reuse revokes only that family: another session of the same user keeps working", async () => {
    const user = await registerUser();
    const other = await login(user.email);
    expect(other.status).toBe(200);

    expect((await refresh(user.refreshToken)).status).toBe(200);
    expectError(await refresh(user.refreshToken), 401, "AUTH_TOKEN_REUSE");

    const otherRefresh = await refresh(other.body.refresh_token);
    expect(otherRefresh.status).toBe(200);
    expectTokenPair(otherRefresh.body);
  });

  test("401 AUTH_REFRESH_INVALID for an unknown or garbage token", async () => {
    expectError(await refresh("garbage"), 401, "AUTH_REFRESH_INVALID");
    expectError(await refresh("x".repeat(43)), 401, "AUTH_REFRESH_INVALID");
    // an access token is not a refresh token
    const { token } = await registerUser();
    expectError(await refresh(token), 401, "AUTH_REFRESH_INVALID");
  });

  test("401 AUTH_REFRESH_INVALID for an expired refresh token", async () => {
    const user = await registerUser();
    await pool.query("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1", [user.id]);
    expectError(await refresh(user.refreshToken), 401, "AUTH_REFRESH_INVALID");
  });

  test("expired refresh tokens are pruned; live ones stay", async () => {
    const expired = await registerUser();
    const live = await registerUser();
    await pool.query("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1", [expired.id]);
    expect(await pruneExpiredTokens(prepared(pool))).toBeGreaterThanOrEqual(1);
    const left = async (userId: number) =>
      Number((await pool.query("SELECT count(*) FROM refresh_tokens WHERE user_id = $1", [userId])).rows[0].count);
    expect(await left(expired.id)).toBe(0);
    expect(await left(live.id)).toBe(1);
    expect((await refresh(live.refreshToken)).status).toBe(200);
  });

  test("422 VALIDATION_ERROR without refresh_token", async () => {
    const reply = await call("POST", "/auth/refresh", { body: {} });
    expectError(reply, 422, "VALIDATION_ERROR");
    expect(reply.body.field).toBe("refresh_token");
  });
});

describe("POST /auth/logout", () => {
  test("204, idempotent, and the refresh token is dead afterwards", async () => {
    const user = await registerUser();
    const first = await logout(user.refreshToken);
    expect(first.status).toBe(204);
    expect(first.body).toBeUndefined();
    expect((await logout(user.refreshToken)).status).toBe(204);
    expectError(await refresh(user.refreshToken), 401, "AUTH_REFRESH_INVALID");
  });

  test("204 for an unknown token", async () => {
    expect((await logout("never-issued-token")).status).toBe(204);
  });

  test("ends the whole session (family), not the user's other sessions", async () => {
    const user = await registerUser();
    const other = await login(user.email);
    const rotated = await refresh(user.refreshToken);
    expect(rotated.status).toBe(200);

    expect((await logout(rotated.body.refresh_token)).status).toBe(204);
    expectError(await refresh(rotated.body.refresh_token), 401, "AUTH_REFRESH_INVALID");
    expect((await refresh(other.body.refresh_token)).status).toBe(200);
  });
});

describe("GET /auth/me and bearer tokens", () => {
  let user: Awaited<ReturnType<typeof registerUser>>;

  beforeAll(async () => {
    user = await registerUser();
  });

  test("200 {id, email, role}", async () => {
    const reply = await me(user.token);
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ id: user.id, email: user.email.toLowerCase(), role: "user" });
    expect(Number.isInteger(reply.body.id)).toBe(true);
  });

  test("401 AUTH_TOKEN_MISSING without an Authorization header", async () => {
    expectError(await call("GET", "/auth/me"), 401, "AUTH_TOKEN_MISSING");
  });

  test('the scheme is case-insensitive: "bearer" works', async () => {
    for (const scheme of ["bearer", "BEARER"]) {
      const reply = await call("GET", "/auth/me", { headers: { authorization: `${scheme} ${user.token}` } });
      expect(reply.status).toBe(200);
      expect(reply.body.id).toBe(user.id);
    }
  });

  test("a hand-made HS256 token with sub, role and exp is accepted (control for the cases below)", async () => {
    const token = signJwt({ sub: String(user.id), role: "user", exp: now() + 60 });
    const reply = await me(token);
    expect(reply.status).toBe(200);
    expect(reply.body.id).toBe(user.id);
  });

  const invalid: [string, () => string][] = [
    ["garbage", () => "not-a-jwt"],
    ["three garbage parts", () => "aaa.bbb.ccc"],
    [
      "a tampered payload (role changed to admin, signature kept)",
      () => {
        const [head, payload, signature] = user.token.split(".") as [string, string, string];
        return `${head}.${b64({ ...decodePart(payload), role: "admin" })}.${signature}`;
      },
    ],
    [
      "a token signed with another secret",
      () => signJwt({ sub: String(user.id), role: "user", exp: now() + 60 }, { secret: "another-secret-that-is-also-32-characters-long" }),
    ],
    [
      'an "alg: none" token',
      () => `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: String(user.id), role: "admin", exp: now() + 60 })}.`,
    ],
    [
      "an HS512 token signed with the right secret",
      () => signJwt({ sub: String(user.id), role: "admin", exp: now() + 60 }, { alg: "HS512" }),
    ],
    [
      "an HS384 token signed with the right secret",
      () => signJwt({ sub: String(user.id), role: "user", exp: now() + 60 }, { alg: "HS384" }),
    ],
    ["an expired token", () => signJwt({ sub: String(user.id), role: "user", exp: now() - 60 })],
    ["a token without exp", () => signJwt({ sub: String(user.id), role: "user" })],
    ["a token without sub", () => signJwt({ role: "user", exp: now() + 60 })],
    ["a token with an unknown role", () => signJwt({ sub: String(user.id), role: "root", exp: now() + 60 })],
    ["a token with a non-numeric sub", () => signJwt({ sub: "abc", role: "user", exp: now() + 60 })],
  ];

  for (const [name, build] of invalid) {
    test(`401 AUTH_TOKEN_INVALID for ${name}`, async () => {
      expectError(await me(build()), 401, "AUTH_TOKEN_INVALID");
    });
  }

  test("forged admin tokens do not open admin routes", async () => {
    const body = { title: "Forged", author: "Nobody", price: "1.00" };
    const forged = [
      signJwt({ sub: String(user.id), role: "admin", exp: now() + 60 }, { alg: "HS512" }),
      `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: String(user.id), role: "admin", exp: now() + 60 })}.`,
      signJwt({ sub: String(user.id), role: "admin" }),
    ];
    for (const token of forged) expectError(await call("POST", "/books", { token, body }), 401, "AUTH_TOKEN_INVALID");
  });

  test("401 AUTH_TOKEN_INVALID on /auth/me for a valid token of a deleted user", async () => {
    const doomed = await registerUser();
    await pool.query("DELETE FROM users WHERE id = $1", [doomed.id]);
    expectError(await me(doomed.token), 401, "AUTH_TOKEN_INVALID");
  });

  test("a user's token on an admin route → 403 AUTH_FORBIDDEN, checked before the body", async () => {
    expectError(
      await call("POST", "/books", { token: user.token, body: { title: "T", author: "A", price: "1.00" } }),
      403,
      "AUTH_FORBIDDEN",
    );
    expectError(await call("POST", "/books", { token: user.token, body: {} }), 403, "AUTH_FORBIDDEN");
    expectError(await call("GET", "/admin/orders", { token: user.token }), 403, "AUTH_FORBIDDEN");
  });

  test("an anonymous caller gets 401 AUTH_TOKEN_MISSING on an admin route, even with an invalid body", async () => {
    expectError(await call("POST", "/books", { body: {} }), 401, "AUTH_TOKEN_MISSING");
  });

  test("an admin's token opens the admin route (control)", async () => {
    const admin = await createAdmin();
    const reply = await call("POST", "/books", { token: admin.token, body: { title: "T", author: "A", price: "1.00" } });
    expect(reply.status).toBe(201);
  });
});

describe("admin bootstrap", () => {
  test("ensureAdmin creates an admin, and calling it again changes nothing", async () => {
    const email = uniqueEmail("boot");
    const first = await ensureAdmin(prepared(pool), email, "admin-password");
    const second = await ensureAdmin(prepared(pool), email, "admin-password");
    expect(first.role).toBe("admin");
    expect(second).toEqual(first);
    const { rows } = await pool.query("SELECT id, role FROM users WHERE lower(email) = lower($1)", [email]);
    expect(rows).toEqual([{ id: first.id, role: "admin" }]);

    const reply = await login(email, "admin-password");
    expect(reply.status).toBe(200);
    expect((await me(reply.body.access_token)).body).toEqual({ id: first.id, email: email.toLowerCase(), role: "admin" });
  });

  test("ensureAdmin outwaits a row lock held past lock_timeout (processes starting together), but not forever", async () => {
    const email = `locked-${crypto.randomUUID().slice(0, 8)}@example.com`;
    await ensureAdmin(prepared(pool), email, "first-password");
    const holder = await pool.connect();
    const hold = async (ms: number) => {
      await holder.query("BEGIN");
      await holder.query("SELECT 1 FROM users WHERE lower(email) = $1 FOR UPDATE", [email]);
      await Bun.sleep(ms);
      await holder.query("COMMIT");
    };
    try {
      // Held 1.5 s: the first attempt gives up after the 1 s lock_timeout, the second gets the row.
      const [ensured] = await Promise.all([Bun.sleep(100).then(() => ensureAdmin(prepared(pool), email, "second-password")), hold(1_500)]);
      expect(ensured.email).toBe(email);
      expect((await call("POST", "/auth/login", { body: { email, password: "second-password" } })).status).toBe(200);
      // Held past five attempts: the lock timeout is the answer.
      const [failed] = await Promise.all([
        Bun.sleep(100).then(() => ensureAdmin(prepared(pool), email, "third-password").catch((error) => error)),
        hold(6_500),
      ]);
      expect(failed.code).toBe("55P03");
    } finally {
      holder.release();
    }
  });

  test("ensureAdmin promotes an existing user (email matched case-insensitively)", async () => {
    const user = await registerUser();
    const admin = await ensureAdmin(prepared(pool), user.email.toUpperCase(), "admin-password");
    expect(admin.id).toBe(user.id);
    expect(admin.role).toBe("admin");
    const { rows } = await pool.query("SELECT count(*)::int AS n FROM users WHERE lower(email) = lower($1)", [user.email]);
    expect(rows[0].n).toBe(1);

    const reply = await login(user.email, "admin-password");
    expect(reply.status).toBe(200);
    const who = await me(reply.body.access_token);
    expect(who.body).toEqual({ id: user.id, email: user.email.toLowerCase(), role: "admin" });
    const create = await call("POST", "/books", {
      token: reply.body.access_token,
      body: { title: "Promoted", author: "A", price: "1.00" },
    });
    expect(create.status).toBe(201);
  });

  const runAdminCreate = (args: string[]) =>
    runCli("src/cli/admin-create.ts", args, { DATABASE_URL: databaseUrl, JWT_SECRET: TEST_CONFIG.jwtSecret, ADMIN_EMAIL: "", ADMIN_PASSWORD: "" });

  test("CLI admin:create creates the admin, and is idempotent", async () => {
    const email = uniqueEmail("cli");
    const first = await runAdminCreate([email, "cli-password"]);
    expect(first.code).toBe(0);
    const second = await runAdminCreate([email, "cli-password"]);
    expect(second.code).toBe(0);

    const { rows } = await pool.query("SELECT role FROM users WHERE lower(email) = lower($1)", [email]);
    expect(rows).toEqual([{ role: "admin" }]);
    const reply = await login(email, "cli-password");
    expect(reply.status).toBe(200);
    expect((await me(reply.body.access_token)).body.role).toBe("admin");
  });

  test("CLI admin:create exits 2 with a usage line on bad arguments", async () => {
    for (const args of [[], ["not-an-email", "cli-password"], [uniqueEmail("cli"), "short"]]) {
      const result = await runAdminCreate(args);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("usage");
    }
  });
});
