/**
 * Test doubles and fixtures for the orders tests: a payment gateway that counts its calls, a
 * pool that counts statements, and users inserted in bulk.
 */
import type pg from "pg";
import { createApp } from "../../src/app.ts";
import { createAccessTokens } from "../../src/core/auth.ts";
import type { Connection } from "../../src/db/connection.ts";
import { createPool } from "../../src/db/pool.ts";
import type { ChargeRequest, PaymentGateway, RefundOptions } from "../../src/modules/orders/payment.ts";
import { createApi, TEST_CONFIG } from "./app.ts";

/** A gateway that approves (unless forced), counts its charges and refunds, and can be slowed down. */
export class CountingGateway implements PaymentGateway {
  charges = 0;
  refunds: { reference: string; amount: string }[] = [];
  /** Delay of every charge and refund. */
  delayMs = 0;
  /** Thrown by the next charge. */
  failNext: Error | undefined;

  async charge({ forceFailure }: ChargeRequest) {
    this.charges++;
    if (this.delayMs) await Bun.sleep(this.delayMs);
    const failure = this.failNext;
    this.failNext = undefined;
    if (failure) throw failure;
    return forceFailure
      ? { approved: false as const, reason: "Payment declined (forced)" }
      : { approved: true as const, reference: `test_ch_${crypto.randomUUID()}` };
  }

  async refund(reference: string, amount: string, { forceFailure }: RefundOptions) {
    if (this.delayMs) await Bun.sleep(this.delayMs);
    if (forceFailure) return { approved: false as const, reason: "Refund declined (forced)" };
    this.refunds.push({ reference, amount });
    return { approved: true as const };
  }
}

/** Counts the statements each checked-out client runs, from connect to release (transactions). */
function countingPool(pool: pg.Pool): { pool: pg.Pool; statements: string[] } {
  const statements: string[] = [];
  const connect = pool.connect.bind(pool);
  // Patched for the measurement only; `any` because pg's overloads cannot be re-declared here.
  (pool as any).connect = async () => {
    const client = await connect();
    const query = client.query.bind(client);
    (client as any).query = (config: any, values?: unknown[]) => {
      statements.push(typeof config === "string" ? config : config.text);
      return query(config, values);
    };
    const release = client.release.bind(client);
    client.release = (error?: Error | boolean) => {
      // restore the originals for the pool's next user
      (client as any).query = query;
      client.release = release;
      return release(error);
    };
    return client;
  };
  return { pool, statements };
}

/** An app on a pool of its own (2 connections) that counts the statements of its transactions. */
export function countingApp(connection: Connection, payment?: PaymentGateway) {
  const counted = countingPool(createPool(connection, 2));
  const app = createApp({ pool: counted.pool, config: TEST_CONFIG, payment });
  return { ...createApi((request) => app.handle(request), counted.pool), statements: counted.statements, end: () => counted.pool.end() };
}

/**
 * `count` users (each with the cart registration gives them) and their access tokens, in one
 * statement: registering dozens through the API costs a slow password hash each.
 */
export async function insertUsers(pool: pg.Pool, count: number): Promise<{ id: number; token: string }[]> {
  const tokens = createAccessTokens(TEST_CONFIG.jwtSecret, TEST_CONFIG.accessTokenTtlSeconds);
  const { rows } = await pool.query<{ id: number }>(
    `WITH new_users AS (
       INSERT INTO users (email, password_hash)
       SELECT 'bulk-' || gen_random_uuid() || '@example.com', 'not-a-hash' FROM generate_series(1, $1::int)
       RETURNING id)
     , new_carts AS (INSERT INTO carts (user_id) SELECT id FROM new_users)
     SELECT id FROM new_users ORDER BY id`,
    [count],
  );
  return Promise.all(rows.map(async ({ id }) => ({ id, token: await tokens.sign({ id, role: "user" }) })));
}
