/** Types generated for queries found in "sql/events.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type delivery_channel = 'email' | 'webhook';

export type DateOrString = Date | string;

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type booleanArray = (boolean)[];

export type numberArray = (number)[];

export type stringArray = (string)[];

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

const claimDueDeliveriesIR: any = {"usedParamSet":{"limit":true,"leaseSeconds":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":141,"b":147}]},{"name":"leaseSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":304,"b":317}]}],"statement":"WITH due AS (\n    SELECT id FROM deliveries\n    WHERE status = 'pending' AND next_attempt_at <= now()\n    ORDER BY next_attempt_at\n    LIMIT :limit!::int\n    FOR UPDATE SKIP LOCKED\n), claimed AS (\n    UPDATE deliveries d\n    SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => :leaseSeconds!::float8)\n    FROM due\n    WHERE d.id = due.id\n    RETURNING d.id, d.event_id, d.channel, d.endpoint_id, d.recipient, d.attempts, d.attempts_before_retry\n)\nSELECT c.id, c.channel, c.attempts, c.attempts - c.attempts_before_retry AS \"attempt_in_round!\", c.recipient,\n       e.id AS event_id, e.type AS event_type, e.payload::text AS \"payload!\",\n       w.url AS \"url?\", w.secret AS \"secret?\"\nFROM claimed c\nJOIN events e ON e.id = c.event_id\nLEFT JOIN webhook_endpoints w ON w.id = c.endpoint_id                                                                                                                                                                                                                                                                             "};

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


/** 'FinishAttempts' parameters type */
export interface IFinishAttemptsParams {
  attempts: numberArray;
  delivered: booleanArray;
  errors: stringArray;
  ids: numberArray;
  retryInSeconds: numberArray;
  statusCodes: numberArray;
}

/** 'FinishAttempts' return type */
export interface IFinishAttemptsResult {
  id: number;
}

/** 'FinishAttempts' query type */
export interface IFinishAttemptsQuery {
  params: IFinishAttemptsParams;
  result: IFinishAttemptsResult;
}

const finishAttemptsIR: any = {"usedParamSet":{"ids":true,"attempts":true,"delivered":true,"retryInSeconds":true,"statusCodes":true,"errors":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":457,"b":461}]},{"name":"attempts","required":true,"transform":{"type":"scalar"},"locs":[{"a":471,"b":480}]},{"name":"delivered","required":true,"transform":{"type":"scalar"},"locs":[{"a":490,"b":500}]},{"name":"retryInSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":514,"b":529}]},{"name":"statusCodes","required":true,"transform":{"type":"scalar"},"locs":[{"a":542,"b":554}]},{"name":"errors","required":true,"transform":{"type":"scalar"},"locs":[{"a":564,"b":571}]}],"statement":"UPDATE deliveries d\nSET status = CASE\n        WHEN o.delivered THEN 'delivered'\n        WHEN o.retry_in_seconds IS NULL THEN 'failed'\n        ELSE 'pending'\n    END::delivery_status,\n    next_attempt_at = CASE WHEN o.retry_in_seconds IS NULL THEN d.next_attempt_at ELSE now() + make_interval(secs => o.retry_in_seconds) END,\n    delivered_at = CASE WHEN o.delivered THEN now() END,\n    last_status_code = o.status_code,\n    last_error = o.error\nFROM unnest(:ids!::int[], :attempts!::int[], :delivered!::boolean[], :retryInSeconds!::float8[], :statusCodes!::int[], :errors!::text[])\n    AS o (id, attempts, delivered, retry_in_seconds, status_code, error)\nWHERE d.id = o.id AND d.attempts = o.attempts AND d.status = 'pending'\nRETURNING d.id"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE deliveries d
 * SET status = CASE
 *         WHEN o.delivered THEN 'delivered'
 *         WHEN o.retry_in_seconds IS NULL THEN 'failed'
 *         ELSE 'pending'
 *     END::delivery_status,
 *     next_attempt_at = CASE WHEN o.retry_in_seconds IS NULL THEN d.next_attempt_at ELSE now() + make_interval(secs => o.retry_in_seconds) END,
 *     delivered_at = CASE WHEN o.delivered THEN now() END,
 *     last_status_code = o.status_code,
 *     last_error = o.error
 * FROM unnest(:ids!::int[], :attempts!::int[], :delivered!::boolean[], :retryInSeconds!::float8[], :statusCodes!::int[], :errors!::text[])
 *     AS o (id, attempts, delivered, retry_in_seconds, status_code, error)
 * WHERE d.id = o.id AND d.attempts = o.attempts AND d.status = 'pending'
 * RETURNING d.id
 * ```
 */
export const finishAttempts = new PreparedQuery<IFinishAttemptsParams,IFinishAttemptsResult>(finishAttemptsIR);


