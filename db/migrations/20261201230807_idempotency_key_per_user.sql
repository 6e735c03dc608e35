-- migrate:up
-- A key now belongs to its user whatever the route (checkout and both cancel routes take one),
-- and the fingerprint covers the request's method, path and canonical body: the same key on
-- another route or order is refused as reused. Until now only checkout took keys, so
-- (user_id, key) is unique already.
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (user_id, key);

-- Checkout's fingerprints were of its body alone, which has two forms. They become the same
-- request's new fingerprint, so keys recorded before this migration keep replaying.
UPDATE idempotency_keys k
SET fingerprint = encode(sha256(convert_to('{"body":' || b.body || ',"method":"POST","path":"/orders/checkout"}', 'UTF8')), 'hex')
FROM (VALUES ('{"force_payment_failure":false}'), ('{"force_payment_failure":true}')) AS b (body)
WHERE k.route = 'POST /orders/checkout' AND k.fingerprint = encode(sha256(convert_to(b.body, 'UTF8')), 'hex');

ALTER TABLE idempotency_keys DROP COLUMN route;

-- migrate:down
-- Only checkout's keys fit the old scheme; the others (cancel routes) are dropped.
ALTER TABLE idempotency_keys ADD COLUMN route text NOT NULL DEFAULT 'POST /orders/checkout';
ALTER TABLE idempotency_keys ALTER COLUMN route DROP DEFAULT;
WITH checkout (body) AS (VALUES ('{"force_payment_failure":false}'), ('{"force_payment_failure":true}')),
dropped AS (
    DELETE FROM idempotency_keys k
    WHERE NOT EXISTS (
        SELECT FROM checkout b
        WHERE k.fingerprint = encode(sha256(convert_to('{"body":' || b.body || ',"method":"POST","path":"/orders/checkout"}', 'UTF8')), 'hex'))
)
UPDATE idempotency_keys k
SET fingerprint = encode(sha256(convert_to(b.body, 'UTF8')), 'hex')
FROM checkout b
WHERE k.fingerprint = encode(sha256(convert_to('{"body":' || b.body || ',"method":"POST","path":"/orders/checkout"}', 'UTF8')), 'hex');
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (user_id, route, key);
