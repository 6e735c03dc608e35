/** Types generated for queries found in "sql/users.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type user_role = 'admin' | 'user';

/** 'InsertUser' parameters type */
export interface IInsertUserParams {
  email: string;
  passwordHash: string;
}

/** 'InsertUser' return type */
export interface IInsertUserResult {
  email: string;
  id: number;
  role: user_role;
}

/** 'InsertUser' query type */
export interface IInsertUserQuery {
  params: IInsertUserParams;
  result: IInsertUserResult;
}

const insertUserIR: any = {"usedParamSet":{"email":true,"passwordHash":true},"params":[{"name":"email","required":true,"transform":{"type":"scalar"},"locs":[{"a":76,"b":82}]},{"name":"passwordHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":85,"b":98}]}],"statement":"WITH new_user AS (\n    INSERT INTO users (email, password_hash)\n    VALUES (:email!, :passwordHash!)\n    ON CONFLICT DO NOTHING\n    RETURNING id, email, role\n), new_cart AS (\n    INSERT INTO carts (user_id) SELECT id FROM new_user\n)\nSELECT id, email, role FROM new_user                                                                                         "};

/**
 * Query generated from SQL:
 * ```
 * WITH new_user AS (
 *     INSERT INTO users (email, password_hash)
 *     VALUES (:email!, :passwordHash!)
 *     ON CONFLICT DO NOTHING
 *     RETURNING id, email, role
 * ), new_cart AS (
 *     INSERT INTO carts (user_id) SELECT id FROM new_user
 * )
 * SELECT id, email, role FROM new_user                                                                                         
 * ```
 */
export const insertUser = new PreparedQuery<IInsertUserParams,IInsertUserResult>(insertUserIR);


/** 'UpsertAdmin' parameters type */
export interface IUpsertAdminParams {
  email: string;
  passwordHash: string;
}

/** 'UpsertAdmin' return type */
export interface IUpsertAdminResult {
  email: string;
  id: number;
  role: user_role;
}

/** 'UpsertAdmin' query type */
export interface IUpsertAdminQuery {
  params: IUpsertAdminParams;
  result: IUpsertAdminResult;
}

const upsertAdminIR: any = {"usedParamSet":{"email":true,"passwordHash":true},"params":[{"name":"email","required":true,"transform":{"type":"scalar"},"locs":[{"a":79,"b":85}]},{"name":"passwordHash","required":true,"transform":{"type":"scalar"},"locs":[{"a":88,"b":101}]}],"statement":"WITH admin AS (\n    INSERT INTO users (email, password_hash, role)\n    VALUES (:email!, :passwordHash!, 'admin')\n    ON CONFLICT ((lower(email))) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash\n    RETURNING id, email, role\n), admin_cart AS (\n    INSERT INTO carts (user_id) SELECT id FROM admin ON CONFLICT (user_id) DO NOTHING\n)\nSELECT id, email, role FROM admin"};

/**
 * Query generated from SQL:
 * ```
 * WITH admin AS (
 *     INSERT INTO users (email, password_hash, role)
 *     VALUES (:email!, :passwordHash!, 'admin')
 *     ON CONFLICT ((lower(email))) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash
 *     RETURNING id, email, role
 * ), admin_cart AS (
 *     INSERT INTO carts (user_id) SELECT id FROM admin ON CONFLICT (user_id) DO NOTHING
 * )
 * SELECT id, email, role FROM admin
 * ```
 */
export const upsertAdmin = new PreparedQuery<IUpsertAdminParams,IUpsertAdminResult>(upsertAdminIR);


/** 'FindUserByEmail' parameters type */
export interface IFindUserByEmailParams {
  email: string;
}

/** 'FindUserByEmail' return type */
export interface IFindUserByEmailResult {
  email: string;
  id: number;
  password_hash: string;
  role: user_role;
}

/** 'FindUserByEmail' query type */
export interface IFindUserByEmailQuery {
  params: IFindUserByEmailParams;
  result: IFindUserByEmailResult;
}

const findUserByEmailIR: any = {"usedParamSet":{"email":true},"params":[{"name":"email","required":true,"transform":{"type":"scalar"},"locs":[{"a":76,"b":82}]}],"statement":"SELECT id, email, role, password_hash FROM users WHERE lower(email) = lower(:email!)"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, email, role, password_hash FROM users WHERE lower(email) = lower(:email!)
 * ```
 */
export const findUserByEmail = new PreparedQuery<IFindUserByEmailParams,IFindUserByEmailResult>(findUserByEmailIR);


/** 'FindUserById' parameters type */
export interface IFindUserByIdParams {
  id: number;
}

/** 'FindUserById' return type */
export interface IFindUserByIdResult {
  email: string;
  id: number;
  role: user_role;
}

/** 'FindUserById' query type */
export interface IFindUserByIdQuery {
  params: IFindUserByIdParams;
  result: IFindUserByIdResult;
}

const findUserByIdIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":45,"b":48}]}],"statement":"SELECT id, email, role FROM users WHERE id = :id!"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, email, role FROM users WHERE id = :id!
 * ```
 */
export const findUserById = new PreparedQuery<IFindUserByIdParams,IFindUserByIdResult>(findUserByIdIR);


