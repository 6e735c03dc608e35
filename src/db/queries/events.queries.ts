/** Types generated for queries found in "sql/events.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type delivery_channel = 'email' | 'webhook';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** 'RecordEvent' parameters type */
export interface IRecordEventParams {
  createdAt: DateOrString;
  id: string;
  mailed: boolean;
  orderId: number;
  payload: Json;
  type: string;
  userId: number;
}

/** 'RecordEvent' return type */
export interface IRecordEventResult {
  deliveries: number;
  notified: string | null;
}

/** 'RecordEvent' query type */
export interface IRecordEventQuery {
  params: IRecordEventParams;
  result: IRecordEventResult;
}

const recordEventIR: any = {"usedParamSet":{"id":true,"type":true,"orderId":true,"payload":true,"createdAt":true,"userId":true,"mailed":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":93,"b":96}]},{"name":"type","required":true,"transform":{"type":"scalar"},"locs":[{"a":99,"b":104}]},{"name":"orderId","required":true,"transform":{"type":"scalar"},"locs":[{"a":107,"b":115}]},{"name":"payload","required":true,"transform":{"type":"scalar"},"locs":[{"a":118,"b":126}]},{"name":"createdAt","required":true,"transform":{"type":"scalar"},"locs":[{"a":135,"b":145}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":519,"b":526}]},{"name":"mailed","required":true,"transform":{"type":"scalar"},"locs":[{"a":534,"b":541}]}],"statement":"WITH event AS (\n    INSERT INTO events (id, type, order_id, payload, created_at)\n    VALUES (:id!, :type!, :orderId!, :payload!::json, :createdAt!::timestamptz)\n    RETURNING id, type\n), new_deliveries AS (\n    INSERT INTO deliveries (event_id, channel, endpoint_id, recipient)\n    SELECT e.id, 'webhook'::delivery_channel, w.id, NULL::text FROM event e JOIN webhook_endpoints w ON e.type = ANY (w.events)\n    UNION ALL\n    SELECT e.id, 'email'::delivery_channel, NULL::int, u.email FROM event e JOIN users u ON u.id = :userId! WHERE :mailed!::boolean\n    RETURNING id\n)\nSELECT count(*)::int AS \"deliveries!\",\n       CASE WHEN count(*) > 0 THEN pg_notify('order_events', '')::text END AS notified\nFROM new_deliveries                                                                                                                                                                                                                                                                                                                                                                                                                                                                       "};

/**
 * Query generated from SQL:
 * ```
 * WITH event AS (
 *     INSERT INTO events (id, type, order_id, payload, created_at)
 *     VALUES (:id!, :type!, :orderId!, :payload!::json, :createdAt!::timestamptz)
 *     RETURNING id, type
 * ), new_deliveries AS (
 *     INSERT INTO deliveries (event_id, channel, endpoint_id, recipient)
 *     SELECT e.id, 'webhook'::delivery_channel, w.id, NULL::text FROM event e JOIN webhook_endpoints w ON e.type = ANY (w.events)
 *     UNION ALL
 *     SELECT e.id, 'email'::delivery_channel, NULL::int, u.email FROM event e JOIN users u ON u.id = :userId! WHERE :mailed!::boolean
 *     RETURNING id
 * )
 * SELECT count(*)::int AS "deliveries!",
 *        CASE WHEN count(*) > 0 THEN pg_notify('order_events', '')::text END AS notified
 * FROM new_deliveries                                                                                                                                                                                                                                                                                                                                                                                                                                                                       
 * ```
 */
export const recordEvent = new PreparedQuery<IRecordEventParams,IRecordEventResult>(recordEventIR);


/** 'ClaimDueDeliveries' parameters type */
export interface IClaimDueDeliveriesParams {
  leaseSeconds: number;
  limit: number;
}

/** 'ClaimDueDeliveries' return type */
export interface IClaimDueDeliveriesResult {
  attempt_in_round: number;
  attempts: number;
  channel: delivery_channel;
  event_id: string;
  event_type: string;
  id: number;
  payload: string;
  recipient: string | null;
  secret: string | null;
  url: string | null;
}

/** 'ClaimDueDeliveries' query type */
export interface IClaimDueDeliveriesQuery {
  params: IClaimDueDeliveriesParams;
  result: IClaimDueDeliveriesResult;
}

const claimDueDeliveriesIR: any = {"usedParamSet":{"limit":true,"leaseSeconds":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":141,"b":147}]},{"name":"leaseSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":304,"b":317}]}],"statement":"WITH due AS (\n    SELECT id FROM deliveries\n    WHERE status = 'pending' AND next_attempt_at <= now()\n    ORDER BY next_attempt_at\n    LIMIT :limit!::int\n    FOR UPDATE SKIP LOCKED\n), claimed AS (\n    UPDATE deliveries d\n    SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => :leaseSeconds!::float8)\n    FROM due\n    WHERE d.id = due.id\n    RETURNING d.id, d.event_id, d.channel, d.endpoint_id, d.recipient, d.attempts, d.attempts_before_retry\n)\nSELECT c.id, c.channel, c.attempts, c.attempts - c.attempts_before_retry AS \"attempt_in_round!\", c.recipient,\n       e.id AS event_id, e.type AS event_type, e.payload::text AS \"payload!\",\n       w.url AS \"url?\", w.secret AS \"secret?\"\nFROM claimed c\nJOIN events e ON e.id = c.event_id\nLEFT JOIN webhook_endpoints w ON w.id = c.endpoint_id                                                                                                                                                                                                                                                    "};

/**
 * Query generated from SQL:
 * ```
 * WITH due AS (
 *     SELECT id FROM deliveries
 *     WHERE status = 'pending' AND next_attempt_at <= now()
 *     ORDER BY next_attempt_at
 *     LIMIT :limit!::int
 *     FOR UPDATE SKIP LOCKED
 * ), claimed AS (
 *     UPDATE deliveries d
 *     SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => :leaseSeconds!::float8)
 *     FROM due
 *     WHERE d.id = due.id
 *     RETURNING d.id, d.event_id, d.channel, d.endpoint_id, d.recipient, d.attempts, d.attempts_before_retry
 * )
 * SELECT c.id, c.channel, c.attempts, c.attempts - c.attempts_before_retry AS "attempt_in_round!", c.recipient,
 *        e.id AS event_id, e.type AS event_type, e.payload::text AS "payload!",
 *        w.url AS "url?", w.secret AS "secret?"
 * FROM claimed c
 * JOIN events e ON e.id = c.event_id
 * LEFT JOIN webhook_endpoints w ON w.id = c.endpoint_id                                                                                                                                                                                                                                                    
 * ```
 */
export const claimDueDeliveries = new PreparedQuery<IClaimDueDeliveriesParams,IClaimDueDeliveriesResult>(claimDueDeliveriesIR);


/** 'FinishAttempt' parameters type */
export interface IFinishAttemptParams {
  attempts: number;
  delivered: boolean;
  error?: string | null | void;
  id: number;
  retryInSeconds?: number | null | void;
  statusCode?: number | null | void;
}

/** 'FinishAttempt' return type */
export interface IFinishAttemptResult {
  id: number;
}

/** 'FinishAttempt' query type */
export interface IFinishAttemptQuery {
  params: IFinishAttemptParams;
  result: IFinishAttemptResult;
}

const finishAttemptIR: any = {"usedParamSet":{"delivered":true,"retryInSeconds":true,"statusCode":true,"error":true,"id":true,"attempts":true},"params":[{"name":"delivered","required":true,"transform":{"type":"scalar"},"locs":[{"a":49,"b":59},{"a":374,"b":384}]},{"name":"retryInSeconds","required":false,"transform":{"type":"scalar"},"locs":[{"a":100,"b":114},{"a":227,"b":241},{"a":315,"b":329}]},{"name":"statusCode","required":false,"transform":{"type":"scalar"},"locs":[{"a":434,"b":444}]},{"name":"error","required":false,"transform":{"type":"scalar"},"locs":[{"a":469,"b":474}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":493,"b":496}]},{"name":"attempts","required":true,"transform":{"type":"scalar"},"locs":[{"a":513,"b":522}]}],"statement":"UPDATE deliveries\nSET status = CASE\n        WHEN :delivered!::boolean THEN 'delivered'\n        WHEN :retryInSeconds::float8 IS NULL THEN 'failed'\n        ELSE 'pending'\n    END::delivery_status,\n    next_attempt_at = CASE WHEN :retryInSeconds::float8 IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => :retryInSeconds::float8) END,\n    delivered_at = CASE WHEN :delivered!::boolean THEN now() END,\n    last_status_code = :statusCode::int,\n    last_error = :error::text\nWHERE id = :id! AND attempts = :attempts! AND status = 'pending'\nRETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE deliveries
 * SET status = CASE
 *         WHEN :delivered!::boolean THEN 'delivered'
 *         WHEN :retryInSeconds::float8 IS NULL THEN 'failed'
 *         ELSE 'pending'
 *     END::delivery_status,
 *     next_attempt_at = CASE WHEN :retryInSeconds::float8 IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => :retryInSeconds::float8) END,
 *     delivered_at = CASE WHEN :delivered!::boolean THEN now() END,
 *     last_status_code = :statusCode::int,
 *     last_error = :error::text
 * WHERE id = :id! AND attempts = :attempts! AND status = 'pending'
 * RETURNING id
 * ```
 */
export const finishAttempt = new PreparedQuery<IFinishAttemptParams,IFinishAttemptResult>(finishAttemptIR);


