import { createHash, randomUUID } from "node:crypto";
import type pg from "pg";
import { AppError, errorBody, validationError } from "../../core/errors.ts";
import { type Db, prepared } from "../../db/pool.ts";
import {
  claimIdempotencyKey,
  findIdempotencyKey,
  pruneIdempotencyKeys,
  recordIdempotentResponse,
  releaseIdempotencyKey,
} from "../../db/queries/idempotency_keys.queries.ts";

/**
 * `Idempotency-Key` (Stripe semantics, IETF draft "The Idempotency-Key HTTP Header Field"):
 * a retry with the same key gets the first outcome again instead of running twice. Claims
 * and outcomes live in PostgreSQL, so they hold across any number of API processes.
 */

export const IDEMPOTENCY_HEADER = "Idempotency-Key";

/** A claim not completed within this is taken to be abandoned (its process died). */
const CLAIM_LEASE_SECONDS = 30;

/** A key belongs to its user, whatever the route. */
export interface IdempotencyScope {
  userId: number;
  key: string;
}

/**
 * What a key's fingerprint covers: the request as the route runs it (its method, the path with
 * its ids, the validated body with its defaults), so the same key with another body, route or
 * order is refused, while an empty body, `{}` and the explicit defaults are one request.
 */
export interface IdempotentRequest {
  method: string;
  path: string;
  body: Record<string, unknown>;
}

/** A recorded (or to-be-recorded) response: status and the exact body bytes. */
export interface Outcome {
  status: number;
  body: string;
}

/** The request's key, or undefined without the header; 422 when it is malformed. */
export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = /^"(.*)"$/.exec(header)?.[1] ?? header;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw validationError(IDEMPOTENCY_HEADER, "Idempotency-Key must be 1 to 255 visible ASCII characters");
  }
  return key;
}

/** SHA-256 of a value as canonical JSON (keys sorted at every level). */
export function fingerprint(value: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === "object"
        ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, canonical((value as Record<string, unknown>)[key])]))
        : value;
  return createHash("sha256").update(JSON.stringify(canonical(value))).digest("hex");
}

/** What `run` is given to make its success outcome commit with its own transaction. */
export type RecordInTransaction = (tx: Db, outcome: Outcome) => Promise<void>;

/**
 * Runs `run` once per key and returns its outcome, or the recorded one (`replayed`) when the
 * key completed before. A key in use throws 409 IDEMPOTENCY_KEY_IN_USE; the same key with
 * another request 422 IDEMPOTENCY_KEY_REUSED. `run` must call `record` inside its transaction;
 * the business failures named in `recordedErrors` are stored after their rollback, and
 * anything else gives the key back.
 */
export async function runIdempotent(
  pool: pg.Pool,
  scope: IdempotencyScope,
  request: IdempotentRequest,
  recordedErrors: ReadonlySet<string>,
  run: (record: RecordInTransaction) => Promise<Outcome>,
): Promise<{ outcome: Outcome; replayed: boolean }> {
  const db = prepared(pool);
  const requestFingerprint = fingerprint(request);
  const claimId = randomUUID();
  const [claimed] = await claimIdempotencyKey.run(
    { ...scope, fingerprint: requestFingerprint, claimId, leaseSeconds: CLAIM_LEASE_SECONDS },
    db,
  );
  if (!claimed) return earlierOutcome(db, scope, requestFingerprint);

  const record = async (tx: Db, outcome: Outcome) => {
    const [kept] = await recordIdempotentResponse.run({ ...scope, claimId, ...outcome }, tx);
    // Our lease ran out and another request took the key over: it owns the outcome now.
    if (!kept) throw keyInUse();
  };
  try {
    return { outcome: await run(record), replayed: false };
  } catch (error) {
    if (error instanceof AppError && recordedErrors.has(error.errorCode)) {
      const outcome = { status: error.status, body: JSON.stringify(errorBody(error)) };
      await record(db, outcome);
      return { outcome, replayed: false };
    }
    // Best effort: if the database is gone the claim simply expires with its lease.
    await releaseIdempotencyKey.run({ ...scope, claimId }, db).catch(() => {});
    throw error;
  }
}

async function earlierOutcome(db: Db, scope: IdempotencyScope, requestFingerprint: string) {
  const [earlier] = await findIdempotencyKey.run(scope, db);
  if (earlier && earlier.fingerprint !== requestFingerprint) {
    throw new AppError(422, "IDEMPOTENCY_KEY_REUSED", "This Idempotency-Key was used with a different request (body, route or order)", IDEMPOTENCY_HEADER);
  }
  if (earlier?.response_status != null && earlier.response_body != null) {
    return { outcome: { status: earlier.response_status, body: earlier.response_body }, replayed: true };
  }
  throw keyInUse();
}

const keyInUse = () =>
  new AppError(409, "IDEMPOTENCY_KEY_IN_USE", "A request with this Idempotency-Key is still in progress", IDEMPOTENCY_HEADER, undefined, {
    "retry-after": "1",
  });

/** Deletes keys past the 24-hour retention; returns how many. */
export async function pruneExpiredKeys(db: Db): Promise<number> {
  const { rowCount } = await pruneIdempotencyKeys.runWithCounts(undefined, db);
  return rowCount;
}
