/*
  Counts one request against each key (sorted by the caller, so concurrent requests lock rows in
  the same order) in the current one-minute window, in one statement: a row of an older window
  starts over at 1. Returns each key's count and the seconds until its window ends.
*/
/* @name hit_rate_limits */
INSERT INTO rate_limits AS r (key, window_start, hits)
SELECT key, date_trunc('minute', now()), 1 FROM unnest(:keys!::text[]) AS key
ON CONFLICT (key) DO UPDATE
SET hits = CASE WHEN r.window_start = excluded.window_start THEN r.hits + 1 ELSE 1 END,
    window_start = excluded.window_start
RETURNING key AS "key!", hits AS "hits!",
    ceil(extract(epoch FROM r.window_start + interval '1 minute' - now()))::int AS "reset_seconds!";

/* @name prune_rate_limits */
DELETE FROM rate_limits WHERE window_start < date_trunc('minute', now());
