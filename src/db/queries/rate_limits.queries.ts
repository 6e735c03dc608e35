/** Types generated for queries found in "sql/rate_limits.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type stringArray = (string)[];

/** 'HitRateLimits' parameters type */
export interface IHitRateLimitsParams {
  keys: stringArray;
}

/** 'HitRateLimits' return type */
export interface IHitRateLimitsResult {
  hits: number;
  key: string;
  reset_seconds: number;
}

/** 'HitRateLimits' query type */
export interface IHitRateLimitsQuery {
  params: IHitRateLimitsParams;
  result: IHitRateLimitsResult;
}

const hitRateLimitsIR: any = {"usedParamSet":{"keys":true},"params":[{"name":"keys","required":true,"transform":{"type":"scalar"},"locs":[{"a":110,"b":115}]}],"statement":"INSERT INTO rate_limits AS r (key, window_start, hits)\nSELECT key, date_trunc('minute', now()), 1 FROM unnest(:keys!::text[]) AS key\nON CONFLICT (key) DO UPDATE\nSET hits = CASE WHEN r.window_start = excluded.window_start THEN r.hits + 1 ELSE 1 END,\n    window_start = excluded.window_start\nRETURNING key AS \"key!\", hits AS \"hits!\",\n    ceil(extract(epoch FROM r.window_start + interval '1 minute' - now()))::int AS \"reset_seconds!\""};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO rate_limits AS r (key, window_start, hits)
 * SELECT key, date_trunc('minute', now()), 1 FROM unnest(:keys!::text[]) AS key
 * ON CONFLICT (key) DO UPDATE
 * SET hits = CASE WHEN r.window_start = excluded.window_start THEN r.hits + 1 ELSE 1 END,
 *     window_start = excluded.window_start
 * RETURNING key AS "key!", hits AS "hits!",
 *     ceil(extract(epoch FROM r.window_start + interval '1 minute' - now()))::int AS "reset_seconds!"
 * ```
 */
export const hitRateLimits = new PreparedQuery<IHitRateLimitsParams,IHitRateLimitsResult>(hitRateLimitsIR);


/** 'PruneRateLimits' parameters type */
export type IPruneRateLimitsParams = void;

/** 'PruneRateLimits' return type */
export type IPruneRateLimitsResult = void;

/** 'PruneRateLimits' query type */
export interface IPruneRateLimitsQuery {
  params: IPruneRateLimitsParams;
  result: IPruneRateLimitsResult;
}

const pruneRateLimitsIR: any = {"usedParamSet":{},"params":[],"statement":"DELETE FROM rate_limits WHERE window_start < date_trunc('minute', now())"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM rate_limits WHERE window_start < date_trunc('minute', now())
 * ```
 */
export const pruneRateLimits = new PreparedQuery<IPruneRateLimitsParams,IPruneRateLimitsResult>(pruneRateLimitsIR);


