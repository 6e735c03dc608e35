/*
  The transactional outbox (src/modules/events): events recorded in the transaction of the
  change, and the dispatcher's claims and outcomes.
*/

/*
  One event and all its deliveries in one statement, inside the transaction of the change:
  a delivery per webhook endpoint subscribed to its type, and (when :mailed) one email to the
  order's buyer. Rolled back with the change, committed with it. NOTIFY wakes the dispatchers
  when the transaction commits (PostgreSQL sends nothing for a rollback); without any delivery
  there is nothing to wake them for.
*/
/* @name record_event */
WITH event AS (
    INSERT INTO events (id, type, order_id, payload, created_at)
    VALUES (:id!, :type!, :orderId!, :payload!::json, :createdAt!::timestamptz)
    RETURNING id, type
), new_deliveries AS (
    INSERT INTO deliveries (event_id, channel, endpoint_id, recipient)
    SELECT e.id, 'webhook'::delivery_channel, w.id, NULL::text FROM event e JOIN webhook_endpoints w ON e.type = ANY (w.events)
    UNION ALL
    SELECT e.id, 'email'::delivery_channel, NULL::int, u.email FROM event e JOIN users u ON u.id = :userId! WHERE :mailed!::boolean
    RETURNING id
)
SELECT count(*)::int AS "deliveries!",
       CASE WHEN count(*) > 0 THEN pg_notify('order_events', '')::text END AS notified
FROM new_deliveries;

/*
  Claims up to :limit due deliveries for one attempt each. SKIP LOCKED: concurrent claims by
  other processes take other rows instead of waiting. The claim is a lease, not a lock held
  across the network call: the attempt is counted and the delivery is due again only after
  :leaseSeconds (longer than any attempt may take), so no other process takes it meanwhile,
  and one killed mid-attempt leaves it to be taken again when the lease runs out.
*/
/* @name claim_due_deliveries */
WITH due AS (
    SELECT id FROM deliveries
    WHERE status = 'pending' AND next_attempt_at <= now()
    ORDER BY next_attempt_at
    LIMIT :limit!::int
    FOR UPDATE SKIP LOCKED
), claimed AS (
    UPDATE deliveries d
    SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => :leaseSeconds!::float8)
    FROM due
    WHERE d.id = due.id
    RETURNING d.id, d.event_id, d.channel, d.endpoint_id, d.recipient, d.attempts, d.attempts_before_retry
)
SELECT c.id, c.channel, c.attempts, c.attempts - c.attempts_before_retry AS "attempt_in_round!", c.recipient,
       e.id AS event_id, e.type AS event_type, e.payload::text AS "payload!",
       w.url AS "url?", w.secret AS "secret?"
FROM claimed c
JOIN events e ON e.id = c.event_id
LEFT JOIN webhook_endpoints w ON w.id = c.endpoint_id;

/*
  The outcomes of a batch of attempts, one row each: delivered; or due again in
  retry_in_seconds; or, without it, failed. Fenced on each claim's attempt number: an attempt
  whose lease ran out (and was claimed again) does not overwrite the newer one's outcome.
*/
/* @name finish_attempts */
UPDATE deliveries d
SET status = CASE
        WHEN o.delivered THEN 'delivered'
        WHEN o.retry_in_seconds IS NULL THEN 'failed'
        ELSE 'pending'
    END::delivery_status,
    next_attempt_at = CASE WHEN o.retry_in_seconds IS NULL THEN d.next_attempt_at ELSE now() + make_interval(secs => o.retry_in_seconds) END,
    delivered_at = CASE WHEN o.delivered THEN now() END,
    last_status_code = o.status_code,
    last_error = o.error
FROM unnest(:ids!::int[], :attempts!::int[], :delivered!::boolean[], :retryInSeconds!::float8[], :statusCodes!::int[], :errors!::text[])
    AS o (id, attempts, delivered, retry_in_seconds, status_code, error)
WHERE d.id = o.id AND d.attempts = o.attempts AND d.status = 'pending'
RETURNING d.id;
