/** Types generated for queries found in "sql/idempotency_keys.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

/** 'ClaimIdempotencyKey' parameters type */
export interface IClaimIdempotencyKeyParams {
  claimId: string;
  fingerprint: string;
  key: string;
  leaseSeconds: number;
  userId: number;
}

/** 'ClaimIdempotencyKey' return type */
export interface IClaimIdempotencyKeyResult {
  claim_id: string;
}

/** 'ClaimIdempotencyKey' query type */
export interface IClaimIdempotencyKeyQuery {
  params: IClaimIdempotencyKeyParams;
  result: IClaimIdempotencyKeyResult;
}

const claimIdempotencyKeyIR: any = {"usedParamSet":{"userId":true,"key":true,"fingerprint":true,"claimId":true,"leaseSeconds":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":94,"b":101}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":104,"b":108}]},{"name":"fingerprint","required":true,"transform":{"type":"scalar"},"locs":[{"a":111,"b":123}]},{"name":"claimId","required":true,"transform":{"type":"scalar"},"locs":[{"a":126,"b":134}]},{"name":"leaseSeconds","required":true,"transform":{"type":"scalar"},"locs":[{"a":173,"b":186}]}],"statement":"INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, claim_id, locked_until)\nVALUES (:userId!, :key!, :fingerprint!, :claimId!::uuid, now() + make_interval(secs => :leaseSeconds!::int))\nON CONFLICT (user_id, key) DO UPDATE\nSET fingerprint = EXCLUDED.fingerprint,\n    claim_id = EXCLUDED.claim_id,\n    locked_until = EXCLUDED.locked_until,\n    response_status = NULL,\n    response_body = NULL,\n    created_at = now()\nWHERE k.created_at < now() - interval '24 hours'\n   OR (k.response_status IS NULL AND k.locked_until < now() AND k.fingerprint = EXCLUDED.fingerprint)\nRETURNING k.claim_id"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO idempotency_keys AS k (user_id, key, fingerprint, claim_id, locked_until)
 * VALUES (:userId!, :key!, :fingerprint!, :claimId!::uuid, now() + make_interval(secs => :leaseSeconds!::int))
 * ON CONFLICT (user_id, key) DO UPDATE
 * SET fingerprint = EXCLUDED.fingerprint,
 *     claim_id = EXCLUDED.claim_id,
 *     locked_until = EXCLUDED.locked_until,
 *     response_status = NULL,
 *     response_body = NULL,
 *     created_at = now()
 * WHERE k.created_at < now() - interval '24 hours'
 *    OR (k.response_status IS NULL AND k.locked_until < now() AND k.fingerprint = EXCLUDED.fingerprint)
 * RETURNING k.claim_id
 * ```
 */
export const claimIdempotencyKey = new PreparedQuery<IClaimIdempotencyKeyParams,IClaimIdempotencyKeyResult>(claimIdempotencyKeyIR);


/** 'FindIdempotencyKey' parameters type */
export interface IFindIdempotencyKeyParams {
  key: string;
  userId: number;
}

/** 'FindIdempotencyKey' return type */
export interface IFindIdempotencyKeyResult {
  fingerprint: string;
  response_body: string | null;
  response_status: number | null;
}

/** 'FindIdempotencyKey' query type */
export interface IFindIdempotencyKeyQuery {
  params: IFindIdempotencyKeyParams;
  result: IFindIdempotencyKeyResult;
}

const findIdempotencyKeyIR: any = {"usedParamSet":{"userId":true,"key":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":89,"b":96}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":108,"b":112}]}],"statement":"SELECT fingerprint, response_status, response_body\nFROM idempotency_keys\nWHERE user_id = :userId! AND key = :key!                                                                                                                                                                                   "};

/**
 * Query generated from SQL:
 * ```
 * SELECT fingerprint, response_status, response_body
 * FROM idempotency_keys
 * WHERE user_id = :userId! AND key = :key!                                                                                                                                                                                   
 * ```
 */
export const findIdempotencyKey = new PreparedQuery<IFindIdempotencyKeyParams,IFindIdempotencyKeyResult>(findIdempotencyKeyIR);


/** 'RecordIdempotentResponse' parameters type */
export interface IRecordIdempotentResponseParams {
  body: string;
  claimId: string;
  key: string;
  status: number;
  userId: number;
}

/** 'RecordIdempotentResponse' return type */
export interface IRecordIdempotentResponseResult {
  claim_id: string;
}

/** 'RecordIdempotentResponse' query type */
export interface IRecordIdempotentResponseQuery {
  params: IRecordIdempotentResponseParams;
  result: IRecordIdempotentResponseResult;
}

const recordIdempotentResponseIR: any = {"usedParamSet":{"status":true,"body":true,"userId":true,"key":true,"claimId":true},"params":[{"name":"status","required":true,"transform":{"type":"scalar"},"locs":[{"a":46,"b":53}]},{"name":"body","required":true,"transform":{"type":"scalar"},"locs":[{"a":72,"b":77}]},{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":116,"b":123}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":135,"b":139}]},{"name":"claimId","required":true,"transform":{"type":"scalar"},"locs":[{"a":156,"b":164}]}],"statement":"UPDATE idempotency_keys\nSET response_status = :status!, response_body = :body!, locked_until = NULL\nWHERE user_id = :userId! AND key = :key! AND claim_id = :claimId!::uuid\nRETURNING claim_id                                                                                                          "};

/**
 * Query generated from SQL:
 * ```
 * UPDATE idempotency_keys
 * SET response_status = :status!, response_body = :body!, locked_until = NULL
 * WHERE user_id = :userId! AND key = :key! AND claim_id = :claimId!::uuid
 * RETURNING claim_id                                                                                                          
 * ```
 */
export const recordIdempotentResponse = new PreparedQuery<IRecordIdempotentResponseParams,IRecordIdempotentResponseResult>(recordIdempotentResponseIR);


/** 'ReleaseIdempotencyKey' parameters type */
export interface IReleaseIdempotencyKeyParams {
  claimId: string;
  key: string;
  userId: number;
}

/** 'ReleaseIdempotencyKey' return type */
export type IReleaseIdempotencyKeyResult = void;

/** 'ReleaseIdempotencyKey' query type */
export interface IReleaseIdempotencyKeyQuery {
  params: IReleaseIdempotencyKeyParams;
  result: IReleaseIdempotencyKeyResult;
}

const releaseIdempotencyKeyIR: any = {"usedParamSet":{"userId":true,"key":true,"claimId":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":45,"b":52}]},{"name":"key","required":true,"transform":{"type":"scalar"},"locs":[{"a":64,"b":68}]},{"name":"claimId","required":true,"transform":{"type":"scalar"},"locs":[{"a":85,"b":93}]}],"statement":"DELETE FROM idempotency_keys\nWHERE user_id = :userId! AND key = :key! AND claim_id = :claimId!::uuid\n  AND response_status IS NULL"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM idempotency_keys
 * WHERE user_id = :userId! AND key = :key! AND claim_id = :claimId!::uuid
 *   AND response_status IS NULL
 * ```
 */
export const releaseIdempotencyKey = new PreparedQuery<IReleaseIdempotencyKeyParams,IReleaseIdempotencyKeyResult>(releaseIdempotencyKeyIR);


/** 'PruneIdempotencyKeys' parameters type */
export type IPruneIdempotencyKeysParams = void;

/** 'PruneIdempotencyKeys' return type */
export type IPruneIdempotencyKeysResult = void;

/** 'PruneIdempotencyKeys' query type */
export interface IPruneIdempotencyKeysQuery {
  params: IPruneIdempotencyKeysParams;
  result: IPruneIdempotencyKeysResult;
}

const pruneIdempotencyKeysIR: any = {"usedParamSet":{},"params":[],"statement":"DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM idempotency_keys WHERE created_at < now() - interval '24 hours'
 * ```
 */
export const pruneIdempotencyKeys = new PreparedQuery<IPruneIdempotencyKeysParams,IPruneIdempotencyKeysResult>(pruneIdempotencyKeysIR);


