/** Types generated for queries found in "sql/refresh_tokens.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type user_role = 'admin' | 'user';

/** 'InsertRefreshToken' parameters type */
export interface IInsertRefreshTokenParams {
  tokenHash: string;
  ttlDays: number;
  userId: number;
}

/** 'InsertRefreshToken' return type */
export type IInsertRefreshTokenResult = void;

/** 'InsertRefreshToken' query type */
export interface IInsertRefreshTokenQuery {
  params: IInsertRefreshTokenParams;
  result: IInsertRefreshTokenResult;
}

const insertRefreshTokenIR: any = {"usedParamSet":{"userId":true,"tokenHash":true,"ttlDays":true},"params":[{"name":"userId","required":true,"transform":{"type":"scalar"},"locs":[{"a":80,"b":87}]},{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":109,"b":119}]},{"name":"ttlDays","required":true,"transform":{"type":"scalar"},"locs":[{"a":152,"b":160}]}],"statement":"INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)\nVALUES (:userId!, gen_random_uuid(), :tokenHash!, now() + make_interval(days => :ttlDays!::int))                                                                                                                                                                           "};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
 * VALUES (:userId!, gen_random_uuid(), :tokenHash!, now() + make_interval(days => :ttlDays!::int))                                                                                                                                                                           
 * ```
 */
export const insertRefreshToken = new PreparedQuery<IInsertRefreshTokenParams,IInsertRefreshTokenResult>(insertRefreshTokenIR);


/** 'RotateRefreshToken' parameters type */
export interface IRotateRefreshTokenParams {
  successorHash: string;
  tokenHash: string;
  ttlDays: number;
}

/** 'RotateRefreshToken' return type */
export interface IRotateRefreshTokenResult {
  id: number;
  role: user_role;
}

/** 'RotateRefreshToken' query type */
export interface IRotateRefreshTokenQuery {
  params: IRotateRefreshTokenParams;
  result: IRotateRefreshTokenResult;
}

const rotateRefreshTokenIR: any = {"usedParamSet":{"tokenHash":true,"successorHash":true,"ttlDays":true},"params":[{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":90,"b":100}]},{"name":"successorHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":335,"b":349}]},{"name":"ttlDays","required":true,"transform":{"type":"scalar"},"locs":[{"a":382,"b":390}]}],"statement":"WITH rotated AS (\n    UPDATE refresh_tokens SET rotated_at = now()\n    WHERE token_hash = :tokenHash!\n      AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()\n    RETURNING user_id, family_id\n), successor AS (\n    INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)\n    SELECT user_id, family_id, :successorHash!, now() + make_interval(days => :ttlDays!::int)\n    FROM rotated\n)\nSELECT u.id, u.role FROM rotated JOIN users u ON u.id = rotated.user_id                                                                                             "};

/**
 * Query generated from SQL:
 * ```
 * WITH rotated AS (
 *     UPDATE refresh_tokens SET rotated_at = now()
 *     WHERE token_hash = :tokenHash!
 *       AND rotated_at IS NULL AND revoked_at IS NULL AND expires_at > now()
 *     RETURNING user_id, family_id
 * ), successor AS (
 *     INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at)
 *     SELECT user_id, family_id, :successorHash!, now() + make_interval(days => :ttlDays!::int)
 *     FROM rotated
 * )
 * SELECT u.id, u.role FROM rotated JOIN users u ON u.id = rotated.user_id                                                                                             
 * ```
 */
export const rotateRefreshToken = new PreparedQuery<IRotateRefreshTokenParams,IRotateRefreshTokenResult>(rotateRefreshTokenIR);


/** 'RevokeFamilyOfReusedToken' parameters type */
export interface IRevokeFamilyOfReusedTokenParams {
  tokenHash: string;
}

/** 'RevokeFamilyOfReusedToken' return type */
export interface IRevokeFamilyOfReusedTokenResult {
  family_id: string;
}

/** 'RevokeFamilyOfReusedToken' query type */
export interface IRevokeFamilyOfReusedTokenQuery {
  params: IRevokeFamilyOfReusedTokenParams;
  result: IRevokeFamilyOfReusedTokenResult;
}

const revokeFamilyOfReusedTokenIR: any = {"usedParamSet":{"tokenHash":true},"params":[{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":77,"b":87}]}],"statement":"WITH reused AS (\n    SELECT family_id FROM refresh_tokens WHERE token_hash = :tokenHash! AND rotated_at IS NOT NULL\n), revoked AS (\n    UPDATE refresh_tokens SET revoked_at = now()\n    WHERE family_id IN (SELECT family_id FROM reused) AND revoked_at IS NULL\n)\nSELECT family_id FROM reused                                                         "};

/**
 * Query generated from SQL:
 * ```
 * WITH reused AS (
 *     SELECT family_id FROM refresh_tokens WHERE token_hash = :tokenHash! AND rotated_at IS NOT NULL
 * ), revoked AS (
 *     UPDATE refresh_tokens SET revoked_at = now()
 *     WHERE family_id IN (SELECT family_id FROM reused) AND revoked_at IS NULL
 * )
 * SELECT family_id FROM reused                                                         
 * ```
 */
export const revokeFamilyOfReusedToken = new PreparedQuery<IRevokeFamilyOfReusedTokenParams,IRevokeFamilyOfReusedTokenResult>(revokeFamilyOfReusedTokenIR);


/** 'RevokeRefreshFamily' parameters type */
export interface IRevokeRefreshFamilyParams {
  tokenHash: string;
}

/** 'RevokeRefreshFamily' return type */
export type IRevokeRefreshFamilyResult = void;

/** 'RevokeRefreshFamily' query type */
export interface IRevokeRefreshFamilyQuery {
  params: IRevokeRefreshFamilyParams;
  result: IRevokeRefreshFamilyResult;
}

const revokeRefreshFamilyIR: any = {"usedParamSet":{"tokenHash":true},"params":[{"name":"tokenHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":120,"b":130}]}],"statement":"UPDATE refresh_tokens SET revoked_at = now()\nWHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = :tokenHash!)\n  AND revoked_at IS NULL                                                                    "};

/**
 * Query generated from SQL:
 * ```
 * UPDATE refresh_tokens SET revoked_at = now()
 * WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = :tokenHash!)
 *   AND revoked_at IS NULL                                                                    
 * ```
 */
export const revokeRefreshFamily = new PreparedQuery<IRevokeRefreshFamilyParams,IRevokeRefreshFamilyResult>(revokeRefreshFamilyIR);


/** 'PruneExpiredRefreshTokens' parameters type */
export type IPruneExpiredRefreshTokensParams = void;

/** 'PruneExpiredRefreshTokens' return type */
export type IPruneExpiredRefreshTokensResult = void;

/** 'PruneExpiredRefreshTokens' query type */
export interface IPruneExpiredRefreshTokensQuery {
  params: IPruneExpiredRefreshTokensParams;
  result: IPruneExpiredRefreshTokensResult;
}

const pruneExpiredRefreshTokensIR: any = {"usedParamSet":{},"params":[],"statement":"DELETE FROM refresh_tokens WHERE expires_at < now()"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM refresh_tokens WHERE expires_at < now()
 * ```
 */
export const pruneExpiredRefreshTokens = new PreparedQuery<IPruneExpiredRefreshTokensParams,IPruneExpiredRefreshTokensResult>(pruneExpiredRefreshTokensIR);


