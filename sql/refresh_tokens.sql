/* Each login or registration starts a new session: a new token family. */
/* @name insert_refresh_token */
INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
VALUES (:userId!, gen_random_uuid(), :tokenHash!, now() + make_interval(days => :ttlDays!::int));

/*
  Marks a live token rotated and issues its successor in the same family, in one statement.
  Of two concurrent refreshes with one token only one finds it unrotated.
*/
/* @name rotate_refresh_token */
WITH rotated AS (
    UPDATE refresh_tokens SET rotated_at = now()
    WHERE token_hash = :tokenHash!
      AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()
    RETURNING user_id, family_id
), successor AS (
    INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
    SELECT user_id, family_id, :successorHash!, now() + make_interval(days => :ttlDays!::int)
    FROM rotated
)
SELECT u.id, u.role FROM rotated JOIN users u ON u.id = rotated.user_id;

/* A rotated token presented again: revoke its whole family. Returns a row only for reuse. */
/* @name revoke_family_of_reused_token */
WITH reused AS (
    SELECT family_id FROM refresh_tokens WHERE token_hash = :tokenHash! AND rotated_at IS NOT NULL
), revoked AS (
    UPDATE refresh_tokens SET revoked_at = now()
    WHERE family_id IN (SELECT family_id FROM reused) AND revoked_at IS NULL
)
SELECT family_id FROM reused;

/* Logout ends the session: every token of the family. */
/* @name revoke_refresh_family */
UPDATE refresh_tokens SET revoked_at = now()
WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = :tokenHash!)
  AND revoked_at IS NULL;

/* Expired tokens can neither refresh nor prove reuse any longer. */
/* @name prune_expired_refresh_tokens */
DELETE FROM refresh_tokens WHERE expires_at < now();
