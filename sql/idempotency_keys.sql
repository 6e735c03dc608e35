/*
  A key belongs to its user, whatever the route: the fingerprint (method, path and canonical
  body) tells whether a repeated key is the same request.
  Claims a key for one request. Succeeds (returns the row) for a new key, for one older
  than the 24-hour retention, and for an abandoned claim of the same request whose lease ran
  out (its process died); otherwise returns nothing and find_idempotency_key says why.
*/
/* @name claim_idempotency_key */
INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, claim_id, locked_until)
VALUES (:userId!, :key!, :fingerprint!, :claimId!::uuid, now() + make_interval(secs => :leaseSeconds!::int))
ON CONFLICT (user_id, key) DO UPDATE
SET fingerprint = EXCLUDED.fingerprint,
    claim_id = EXCLUDED.claim_id,
    locked_until = EXCLUDED.locked_until,
    response_status = NULL,
    response_body = NULL,
    created_at = now()
WHERE k.created_at < now() - interval '24 hours'
   OR (k.response_status IS NULL AND k.locked_until < now() AND k.fingerprint = EXCLUDED.fingerprint)
RETURNING k.claim_id;

/* @name find_idempotency_key */
SELECT fingerprint, response_status, response_body
FROM idempotency_keys
WHERE user_id = :userId! AND key = :key!;

/*
  Records the outcome, only while this request still holds the claim. Inside the
  request's own transaction this makes its change and its recorded response commit together.
*/
/* @name record_idempotent_response */
UPDATE idempotency_keys
SET response_status = :status!, response_body = :body!, locked_until = NULL
WHERE user_id = :userId! AND key = :key! AND claim_id = :claimId!::uuid
RETURNING claim_id;

/* Gives the key back after an outcome that is not recorded (validation, 404, 5xx): a retry runs again. */
/* @name release_idempotency_key */
DELETE FROM idempotency_keys
WHERE user_id = :userId! AND key = :key! AND claim_id = :claimId!::uuid
  AND response_status IS NULL;

/* @name prune_idempotency_keys */
DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours';
