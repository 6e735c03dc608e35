/* Webhook endpoints and their deliveries (admin routes, src/modules/events/index.ts). */

/* @name insert_webhook_endpoint */
INSERT INTO webhook_endpoints (url, events, description, secret)
VALUES (:url!, :events!::text[], :description, :secret!)
RETURNING id, url, events, description, secret, created_at;

/* Every endpoint, oldest first, without its secret. */
/* @name list_webhook_endpoints */
SELECT id, url, events, description, created_at FROM webhook_endpoints ORDER BY id;

/* @name find_webhook_endpoint */
SELECT id FROM webhook_endpoints WHERE id = :id!;

/* Its deliveries go with it (ON DELETE CASCADE), pending ones included. */
/* @name delete_webhook_endpoint */
DELETE FROM webhook_endpoints WHERE id = :id! RETURNING id;

/* One endpoint's deliveries, newest first, keyset-paged on (endpoint_id, id DESC). */
/* @name list_endpoint_deliveries */
SELECT d.id, d.event_id, e.type AS event_type, d.status, d.attempts, d.last_status_code, d.last_error,
       CASE WHEN d.status = 'pending' THEN d.next_attempt_at END AS next_attempt_at,
       d.delivered_at, d.created_at
FROM deliveries d
JOIN events e ON e.id = d.event_id
WHERE d.endpoint_id = :endpointId! AND d.id < :before!::int
ORDER BY d.endpoint_id, d.id DESC
LIMIT :limit!::int;

/*
  A failed delivery pending again, due now, with a fresh budget of attempts, and the
  dispatchers woken. No row back: not failed, or not this endpoint's (find_delivery tells).
*/
/* @name retry_failed_delivery */
WITH retried AS (
    UPDATE deliveries
    SET status = 'pending', next_attempt_at = now(), attempts_before_retry = attempts
    WHERE id = :deliveryId! AND endpoint_id = :endpointId! AND status = 'failed'
    RETURNING id
)
SELECT id, pg_notify('order_events', '')::text AS notified FROM retried;

/* @name find_delivery */
SELECT id, status FROM deliveries WHERE id = :deliveryId! AND endpoint_id = :endpointId!;
