/** Types generated for queries found in "sql/books.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

export type numberArray = (number)[];

/** 'InsertBook' parameters type */
export interface IInsertBookParams {
  author: string;
  coverImageUrl?: string | null | void;
  description?: string | null | void;
  isbn?: string | null | void;
  price: NumberOrString;
  publishDate?: string | null | void;
  title: string;
}

/** 'InsertBook' return type */
export interface IInsertBookResult {
  author: string;
  cover_image_url: string | null;
  created_at: Date;
  description: string | null;
  id: number;
  isbn: string | null;
  price: string;
  publish_date: string | null;
  stock_quantity: number;
  title: string;
  updated_at: Date;
}

/** 'InsertBook' query type */
export interface IInsertBookQuery {
  params: IInsertBookParams;
  result: IInsertBookResult;
}

const insertBookIR: any = {"usedParamSet":{"title":true,"author":true,"price":true,"isbn":true,"description":true,"coverImageUrl":true,"publishDate":true},"params":[{"name":"title","required":true,"transform":{"type":"scalar"},"locs":[{"a":99,"b":105}]},{"name":"author","required":true,"transform":{"type":"scalar"},"locs":[{"a":108,"b":115}]},{"name":"price","required":true,"transform":{"type":"scalar"},"locs":[{"a":118,"b":124}]},{"name":"isbn","required":false,"transform":{"type":"scalar"},"locs":[{"a":136,"b":140}]},{"name":"description","required":false,"transform":{"type":"scalar"},"locs":[{"a":143,"b":154}]},{"name":"coverImageUrl","required":false,"transform":{"type":"scalar"},"locs":[{"a":157,"b":170}]},{"name":"publishDate","required":false,"transform":{"type":"scalar"},"locs":[{"a":173,"b":184}]}],"statement":"INSERT INTO books (title, author, price, isbn, description, cover_image_url, publish_date)\nVALUES (:title!, :author!, :price!::numeric, :isbn, :description, :coverImageUrl, :publishDate::date)\nRETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at"};

/**
 * Query generated from SQL:
 * ```
 * INSERT INTO books (title, author, price, isbn, description, cover_image_url, publish_date)
 * VALUES (:title!, :author!, :price!::numeric, :isbn, :description, :coverImageUrl, :publishDate::date)
 * RETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at
 * ```
 */
export const insertBook = new PreparedQuery<IInsertBookParams,IInsertBookResult>(insertBookIR);


/** 'FindBook' parameters type */
export interface IFindBookParams {
  id: number;
}

/** 'FindBook' return type */
export interface IFindBookResult {
  author: string;
  cover_image_url: string | null;
  created_at: Date;
  description: string | null;
  id: number;
  isbn: string | null;
  price: string;
  publish_date: string | null;
  stock_quantity: number;
  title: string;
  updated_at: Date;
}

/** 'FindBook' query type */
export interface IFindBookQuery {
  params: IFindBookParams;
  result: IFindBookResult;
}

const findBookIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":144,"b":147}]}],"statement":"SELECT id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at\nFROM books WHERE id = :id!                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                     "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at
 * FROM books WHERE id = :id!                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                                     
 * ```
 */
export const findBook = new PreparedQuery<IFindBookParams,IFindBookResult>(findBookIR);


/** 'GetCatalogStatistics' parameters type */
export type IGetCatalogStatisticsParams = void;

/** 'GetCatalogStatistics' return type */
export interface IGetCatalogStatisticsResult {
  analyzed: boolean;
  books: number | null;
}

/** 'GetCatalogStatistics' query type */
export interface IGetCatalogStatisticsQuery {
  params: IGetCatalogStatisticsParams;
  result: IGetCatalogStatisticsResult;
}

const getCatalogStatisticsIR: any = {"usedParamSet":{},"params":[],"statement":"SELECT CASE WHEN c.reltuples < 0 THEN NULL\n            WHEN c.relpages = 0 THEN c.reltuples::float8\n            ELSE c.reltuples::float8 / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::int)\n       END AS books,\n       (SELECT count(*) FROM pg_stats AS s\n        WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname IN ('title', 'author')) = 2 AS \"analyzed!\"\nFROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace\nWHERE c.oid = 'books'::regclass                                                          "};

/**
 * Query generated from SQL:
 * ```
 * SELECT CASE WHEN c.reltuples < 0 THEN NULL
 *             WHEN c.relpages = 0 THEN c.reltuples::float8
 *             ELSE c.reltuples::float8 / c.relpages * (pg_relation_size(c.oid) / current_setting('block_size')::int)
 *        END AS books,
 *        (SELECT count(*) FROM pg_stats AS s
 *         WHERE s.schemaname = n.nspname AND s.tablename = c.relname AND s.attname IN ('title', 'author')) = 2 AS "analyzed!"
 * FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
 * WHERE c.oid = 'books'::regclass                                                          
 * ```
 */
export const getCatalogStatistics = new PreparedQuery<IGetCatalogStatisticsParams,IGetCatalogStatisticsResult>(getCatalogStatisticsIR);


/** 'CountBooks' parameters type */
export interface ICountBooksParams {
  atMost: number;
}

/** 'CountBooks' return type */
export interface ICountBooksResult {
  counted: number;
}

/** 'CountBooks' query type */
export interface ICountBooksQuery {
  params: ICountBooksParams;
  result: ICountBooksResult;
}

const countBooksIR: any = {"usedParamSet":{"atMost":true},"params":[{"name":"atMost","required":true,"transform":{"type":"scalar"},"locs":[{"a":65,"b":72}]}],"statement":"SELECT count(*)::int AS \"counted!\" FROM (SELECT FROM books LIMIT :atMost!::int) AS counted                                                                                                                                                                                                  "};

/**
 * Query generated from SQL:
 * ```
 * SELECT count(*)::int AS "counted!" FROM (SELECT FROM books LIMIT :atMost!::int) AS counted                                                                                                                                                                                                  
 * ```
 */
export const countBooks = new PreparedQuery<ICountBooksParams,ICountBooksResult>(countBooksIR);


/** 'EstimateBooksMatching' parameters type */
export interface IEstimateBooksMatchingParams {
  pattern: string;
}

/** 'EstimateBooksMatching' return type */
export interface IEstimateBooksMatchingResult {
  "QUERY PLAN": Json | null;
}

/** 'EstimateBooksMatching' query type */
export interface IEstimateBooksMatchingQuery {
  params: IEstimateBooksMatchingParams;
  result: IEstimateBooksMatchingResult;
}

const estimateBooksMatchingIR: any = {"usedParamSet":{"pattern":true},"params":[{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":58,"b":66},{"a":84,"b":92}]}],"statement":"EXPLAIN (FORMAT JSON) SELECT FROM books WHERE title ILIKE :pattern! OR author ILIKE :pattern!                                                                                                                                                                                                                                                                                                                                                                                                                                                                                         "};

/**
 * Query generated from SQL:
 * ```
 * EXPLAIN (FORMAT JSON) SELECT FROM books WHERE title ILIKE :pattern! OR author ILIKE :pattern!                                                                                                                                                                                                                                                                                                                                                                                                                                                                                         
 * ```
 */
export const estimateBooksMatching = new PreparedQuery<IEstimateBooksMatchingParams,IEstimateBooksMatchingResult>(estimateBooksMatchingIR);


/** 'CountBooksMatching' parameters type */
export interface ICountBooksMatchingParams {
  atMost: number;
  pattern: string;
  trigrams: boolean;
}

/** 'CountBooksMatching' return type */
export interface ICountBooksMatchingResult {
  counted: number;
}

/** 'CountBooksMatching' query type */
export interface ICountBooksMatchingQuery {
  params: ICountBooksMatchingParams;
  result: ICountBooksMatchingResult;
}

const countBooksMatchingIR: any = {"usedParamSet":{"trigrams":true,"pattern":true,"atMost":true},"params":[{"name":"trigrams","required":true,"transform":{"type":"scalar"},"locs":[{"a":74,"b":83},{"a":219,"b":228}]},{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":110,"b":118},{"a":151,"b":159},{"a":255,"b":263},{"a":296,"b":304}]},{"name":"atMost","required":true,"transform":{"type":"scalar"},"locs":[{"a":332,"b":339}]}],"statement":"SELECT count(*)::int AS \"counted!\" FROM (\n    SELECT FROM books\n    WHERE :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text))\n    UNION ALL\n    SELECT FROM books\n    WHERE NOT :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text)) IS TRUE\n    LIMIT :atMost!::int\n) AS matches                                                     "};

/**
 * Query generated from SQL:
 * ```
 * SELECT count(*)::int AS "counted!" FROM (
 *     SELECT FROM books
 *     WHERE :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text))
 *     UNION ALL
 *     SELECT FROM books
 *     WHERE NOT :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text)) IS TRUE
 *     LIMIT :atMost!::int
 * ) AS matches                                                     
 * ```
 */
export const countBooksMatching = new PreparedQuery<ICountBooksMatchingParams,ICountBooksMatchingResult>(countBooksMatchingIR);


/** 'FindBooksInOrder' parameters type */
export interface IFindBooksInOrderParams {
  ids: numberArray;
}

/** 'FindBooksInOrder' return type */
export interface IFindBooksInOrderResult {
  author: string;
  cover_image_url: string | null;
  created_at: Date;
  description: string | null;
  id: number;
  isbn: string | null;
  price: string;
  publish_date: string | null;
  stock_quantity: number;
  title: string;
  updated_at: Date;
}

/** 'FindBooksInOrder' query type */
export interface IFindBooksInOrderQuery {
  params: IFindBooksInOrderParams;
  result: IFindBooksInOrderResult;
}

const findBooksInOrderIR: any = {"usedParamSet":{"ids":true},"params":[{"name":"ids","required":true,"transform":{"type":"scalar"},"locs":[{"a":156,"b":160}]}],"statement":"SELECT b.id, b.title, b.author, b.price, b.isbn, b.description, b.cover_image_url, b.publish_date, b.stock_quantity, b.created_at, b.updated_at\nFROM unnest(:ids!::int[]) WITH ORDINALITY AS page (id, n)\nJOIN books AS b ON b.id = page.id\nORDER BY page.n"};

/**
 * Query generated from SQL:
 * ```
 * SELECT b.id, b.title, b.author, b.price, b.isbn, b.description, b.cover_image_url, b.publish_date, b.stock_quantity, b.created_at, b.updated_at
 * FROM unnest(:ids!::int[]) WITH ORDINALITY AS page (id, n)
 * JOIN books AS b ON b.id = page.id
 * ORDER BY page.n
 * ```
 */
export const findBooksInOrder = new PreparedQuery<IFindBooksInOrderParams,IFindBooksInOrderResult>(findBooksInOrderIR);


/** 'ListBookIdsByTitle' parameters type */
export interface IListBookIdsByTitleParams {
  limit: number;
  offset: number;
}

/** 'ListBookIdsByTitle' return type */
export interface IListBookIdsByTitleResult {
  id: number;
}

/** 'ListBookIdsByTitle' query type */
export interface IListBookIdsByTitleQuery {
  params: IListBookIdsByTitleParams;
  result: IListBookIdsByTitleResult;
}

const listBookIdsByTitleIR: any = {"usedParamSet":{"limit":true,"offset":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":46,"b":52}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":66,"b":73}]}],"statement":"SELECT id FROM books ORDER BY title, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books ORDER BY title, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listBookIdsByTitle = new PreparedQuery<IListBookIdsByTitleParams,IListBookIdsByTitleResult>(listBookIdsByTitleIR);


/** 'ListBookIdsByTitleDesc' parameters type */
export interface IListBookIdsByTitleDescParams {
  limit: number;
  offset: number;
}

/** 'ListBookIdsByTitleDesc' return type */
export interface IListBookIdsByTitleDescResult {
  id: number;
}

/** 'ListBookIdsByTitleDesc' query type */
export interface IListBookIdsByTitleDescQuery {
  params: IListBookIdsByTitleDescParams;
  result: IListBookIdsByTitleDescResult;
}

const listBookIdsByTitleDescIR: any = {"usedParamSet":{"limit":true,"offset":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":51,"b":57}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":71,"b":78}]}],"statement":"SELECT id FROM books ORDER BY title DESC, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books ORDER BY title DESC, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listBookIdsByTitleDesc = new PreparedQuery<IListBookIdsByTitleDescParams,IListBookIdsByTitleDescResult>(listBookIdsByTitleDescIR);


/** 'ListBookIdsByPrice' parameters type */
export interface IListBookIdsByPriceParams {
  limit: number;
  offset: number;
}

/** 'ListBookIdsByPrice' return type */
export interface IListBookIdsByPriceResult {
  id: number;
}

/** 'ListBookIdsByPrice' query type */
export interface IListBookIdsByPriceQuery {
  params: IListBookIdsByPriceParams;
  result: IListBookIdsByPriceResult;
}

const listBookIdsByPriceIR: any = {"usedParamSet":{"limit":true,"offset":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":46,"b":52}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":66,"b":73}]}],"statement":"SELECT id FROM books ORDER BY price, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books ORDER BY price, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listBookIdsByPrice = new PreparedQuery<IListBookIdsByPriceParams,IListBookIdsByPriceResult>(listBookIdsByPriceIR);


/** 'ListBookIdsByPriceDesc' parameters type */
export interface IListBookIdsByPriceDescParams {
  limit: number;
  offset: number;
}

/** 'ListBookIdsByPriceDesc' return type */
export interface IListBookIdsByPriceDescResult {
  id: number;
}

/** 'ListBookIdsByPriceDesc' query type */
export interface IListBookIdsByPriceDescQuery {
  params: IListBookIdsByPriceDescParams;
  result: IListBookIdsByPriceDescResult;
}

const listBookIdsByPriceDescIR: any = {"usedParamSet":{"limit":true,"offset":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":51,"b":57}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":71,"b":78}]}],"statement":"SELECT id FROM books ORDER BY price DESC, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books ORDER BY price DESC, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listBookIdsByPriceDesc = new PreparedQuery<IListBookIdsByPriceDescParams,IListBookIdsByPriceDescResult>(listBookIdsByPriceDescIR);


/** 'ListBookIdsByCreatedAt' parameters type */
export interface IListBookIdsByCreatedAtParams {
  limit: number;
  offset: number;
}

/** 'ListBookIdsByCreatedAt' return type */
export interface IListBookIdsByCreatedAtResult {
  id: number;
}

/** 'ListBookIdsByCreatedAt' query type */
export interface IListBookIdsByCreatedAtQuery {
  params: IListBookIdsByCreatedAtParams;
  result: IListBookIdsByCreatedAtResult;
}

const listBookIdsByCreatedAtIR: any = {"usedParamSet":{"limit":true,"offset":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":51,"b":57}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":71,"b":78}]}],"statement":"SELECT id FROM books ORDER BY created_at, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books ORDER BY created_at, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listBookIdsByCreatedAt = new PreparedQuery<IListBookIdsByCreatedAtParams,IListBookIdsByCreatedAtResult>(listBookIdsByCreatedAtIR);


/** 'ListBookIdsByCreatedAtDesc' parameters type */
export interface IListBookIdsByCreatedAtDescParams {
  limit: number;
  offset: number;
}

/** 'ListBookIdsByCreatedAtDesc' return type */
export interface IListBookIdsByCreatedAtDescResult {
  id: number;
}

/** 'ListBookIdsByCreatedAtDesc' query type */
export interface IListBookIdsByCreatedAtDescQuery {
  params: IListBookIdsByCreatedAtDescParams;
  result: IListBookIdsByCreatedAtDescResult;
}

const listBookIdsByCreatedAtDescIR: any = {"usedParamSet":{"limit":true,"offset":true},"params":[{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":56,"b":62}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":76,"b":83}]}],"statement":"SELECT id FROM books ORDER BY created_at DESC, id LIMIT :limit!::int OFFSET :offset!::int                                                                                                                                                                                                                                                                                                                         "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books ORDER BY created_at DESC, id LIMIT :limit!::int OFFSET :offset!::int                                                                                                                                                                                                                                                                                                                         
 * ```
 */
export const listBookIdsByCreatedAtDesc = new PreparedQuery<IListBookIdsByCreatedAtDescParams,IListBookIdsByCreatedAtDescResult>(listBookIdsByCreatedAtDescIR);


/** 'ListMatchingIdsByTitle' parameters type */
export interface IListMatchingIdsByTitleParams {
  limit: number;
  offset: number;
  pattern: string;
}

/** 'ListMatchingIdsByTitle' return type */
export interface IListMatchingIdsByTitleResult {
  id: number;
}

/** 'ListMatchingIdsByTitle' query type */
export interface IListMatchingIdsByTitleQuery {
  params: IListMatchingIdsByTitleParams;
  result: IListMatchingIdsByTitleResult;
}

const listMatchingIdsByTitleIR: any = {"usedParamSet":{"pattern":true,"limit":true,"offset":true},"params":[{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":48,"b":56},{"a":74,"b":82}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":117,"b":123}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":137,"b":144}]}],"statement":"SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)\nORDER BY title, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
 * ORDER BY title, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listMatchingIdsByTitle = new PreparedQuery<IListMatchingIdsByTitleParams,IListMatchingIdsByTitleResult>(listMatchingIdsByTitleIR);


/** 'ListMatchingIdsByTitleDesc' parameters type */
export interface IListMatchingIdsByTitleDescParams {
  limit: number;
  offset: number;
  pattern: string;
}

/** 'ListMatchingIdsByTitleDesc' return type */
export interface IListMatchingIdsByTitleDescResult {
  id: number;
}

/** 'ListMatchingIdsByTitleDesc' query type */
export interface IListMatchingIdsByTitleDescQuery {
  params: IListMatchingIdsByTitleDescParams;
  result: IListMatchingIdsByTitleDescResult;
}

const listMatchingIdsByTitleDescIR: any = {"usedParamSet":{"pattern":true,"limit":true,"offset":true},"params":[{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":48,"b":56},{"a":74,"b":82}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":128}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":149}]}],"statement":"SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)\nORDER BY title DESC, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
 * ORDER BY title DESC, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listMatchingIdsByTitleDesc = new PreparedQuery<IListMatchingIdsByTitleDescParams,IListMatchingIdsByTitleDescResult>(listMatchingIdsByTitleDescIR);


/** 'ListMatchingIdsByPrice' parameters type */
export interface IListMatchingIdsByPriceParams {
  limit: number;
  offset: number;
  pattern: string;
}

/** 'ListMatchingIdsByPrice' return type */
export interface IListMatchingIdsByPriceResult {
  id: number;
}

/** 'ListMatchingIdsByPrice' query type */
export interface IListMatchingIdsByPriceQuery {
  params: IListMatchingIdsByPriceParams;
  result: IListMatchingIdsByPriceResult;
}

const listMatchingIdsByPriceIR: any = {"usedParamSet":{"pattern":true,"limit":true,"offset":true},"params":[{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":48,"b":56},{"a":74,"b":82}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":117,"b":123}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":137,"b":144}]}],"statement":"SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)\nORDER BY price, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
 * ORDER BY price, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listMatchingIdsByPrice = new PreparedQuery<IListMatchingIdsByPriceParams,IListMatchingIdsByPriceResult>(listMatchingIdsByPriceIR);


/** 'ListMatchingIdsByPriceDesc' parameters type */
export interface IListMatchingIdsByPriceDescParams {
  limit: number;
  offset: number;
  pattern: string;
}

/** 'ListMatchingIdsByPriceDesc' return type */
export interface IListMatchingIdsByPriceDescResult {
  id: number;
}

/** 'ListMatchingIdsByPriceDesc' query type */
export interface IListMatchingIdsByPriceDescQuery {
  params: IListMatchingIdsByPriceDescParams;
  result: IListMatchingIdsByPriceDescResult;
}

const listMatchingIdsByPriceDescIR: any = {"usedParamSet":{"pattern":true,"limit":true,"offset":true},"params":[{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":48,"b":56},{"a":74,"b":82}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":128}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":149}]}],"statement":"SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)\nORDER BY price DESC, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
 * ORDER BY price DESC, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listMatchingIdsByPriceDesc = new PreparedQuery<IListMatchingIdsByPriceDescParams,IListMatchingIdsByPriceDescResult>(listMatchingIdsByPriceDescIR);


/** 'ListMatchingIdsByCreatedAt' parameters type */
export interface IListMatchingIdsByCreatedAtParams {
  limit: number;
  offset: number;
  pattern: string;
}

/** 'ListMatchingIdsByCreatedAt' return type */
export interface IListMatchingIdsByCreatedAtResult {
  id: number;
}

/** 'ListMatchingIdsByCreatedAt' query type */
export interface IListMatchingIdsByCreatedAtQuery {
  params: IListMatchingIdsByCreatedAtParams;
  result: IListMatchingIdsByCreatedAtResult;
}

const listMatchingIdsByCreatedAtIR: any = {"usedParamSet":{"pattern":true,"limit":true,"offset":true},"params":[{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":48,"b":56},{"a":74,"b":82}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":122,"b":128}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":142,"b":149}]}],"statement":"SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)\nORDER BY created_at, id LIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
 * ORDER BY created_at, id LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listMatchingIdsByCreatedAt = new PreparedQuery<IListMatchingIdsByCreatedAtParams,IListMatchingIdsByCreatedAtResult>(listMatchingIdsByCreatedAtIR);


/** 'ListMatchingIdsByCreatedAtDesc' parameters type */
export interface IListMatchingIdsByCreatedAtDescParams {
  limit: number;
  offset: number;
  pattern: string;
}

/** 'ListMatchingIdsByCreatedAtDesc' return type */
export interface IListMatchingIdsByCreatedAtDescResult {
  id: number;
}

/** 'ListMatchingIdsByCreatedAtDesc' query type */
export interface IListMatchingIdsByCreatedAtDescQuery {
  params: IListMatchingIdsByCreatedAtDescParams;
  result: IListMatchingIdsByCreatedAtDescResult;
}

const listMatchingIdsByCreatedAtDescIR: any = {"usedParamSet":{"pattern":true,"limit":true,"offset":true},"params":[{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":48,"b":56},{"a":74,"b":82}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":127,"b":133}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":147,"b":154}]}],"statement":"SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)\nORDER BY created_at DESC, id LIMIT :limit!::int OFFSET :offset!::int                                                                                                                                                                                                                                                                                                                                                                                                         "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id FROM books WHERE coalesce(title ILIKE :pattern! OR author ILIKE :pattern!, false)
 * ORDER BY created_at DESC, id LIMIT :limit!::int OFFSET :offset!::int                                                                                                                                                                                                                                                                                                                                                                                                         
 * ```
 */
export const listMatchingIdsByCreatedAtDesc = new PreparedQuery<IListMatchingIdsByCreatedAtDescParams,IListMatchingIdsByCreatedAtDescResult>(listMatchingIdsByCreatedAtDescIR);


/** 'SearchBookIds' parameters type */
export interface ISearchBookIdsParams {
  limit: number;
  offset: number;
  pattern: string;
  sort: string;
  trigrams: boolean;
}

/** 'SearchBookIds' return type */
export interface ISearchBookIdsResult {
  id: number;
  on_page: boolean;
  total: number;
}

/** 'SearchBookIds' query type */
export interface ISearchBookIdsQuery {
  params: ISearchBookIdsParams;
  result: ISearchBookIdsResult;
}

const searchBookIdsIR: any = {"usedParamSet":{"offset":true,"sort":true,"trigrams":true,"pattern":true,"limit":true},"params":[{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":43,"b":50},{"a":982,"b":989},{"a":1005,"b":1012},{"a":1062,"b":1069}]},{"name":"sort","required":true,"transform":{"type":"scalar"},"locs":[{"a":189,"b":194},{"a":247,"b":252},{"a":311,"b":316},{"a":369,"b":374},{"a":433,"b":438},{"a":501,"b":506}]},{"name":"trigrams","required":true,"transform":{"type":"scalar"},"locs":[{"a":654,"b":663},{"a":840,"b":849}]},{"name":"pattern","required":true,"transform":{"type":"scalar"},"locs":[{"a":690,"b":698},{"a":731,"b":739},{"a":876,"b":884},{"a":917,"b":925}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":1021,"b":1027}]}],"statement":"SELECT id AS \"id!\", total AS \"total!\", n > :offset!::int AS \"on_page!\" FROM (\n    SELECT id, count(*) OVER ()::int AS total,\n           row_number() OVER (ORDER BY\n               CASE WHEN :sort! = 'title' THEN title END,\n               CASE WHEN :sort! = '-title' THEN title END DESC,\n               CASE WHEN :sort! = 'price' THEN price END,\n               CASE WHEN :sort! = '-price' THEN price END DESC,\n               CASE WHEN :sort! = 'created_at' THEN created_at END,\n               CASE WHEN :sort! = '-created_at' THEN created_at END DESC,\n               id) AS n\n    FROM (\n        SELECT id, title, price, created_at FROM books\n        WHERE :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text))\n        UNION ALL\n        SELECT id, title, price, created_at FROM books\n        WHERE NOT :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text)) IS TRUE\n    ) AS found\n) AS matches\nWHERE (n > :offset!::int AND n <= :offset!::int + :limit!::int) OR (n = total AND total <= :offset!::int)\nORDER BY n                                                                                                                                 "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id AS "id!", total AS "total!", n > :offset!::int AS "on_page!" FROM (
 *     SELECT id, count(*) OVER ()::int AS total,
 *            row_number() OVER (ORDER BY
 *                CASE WHEN :sort! = 'title' THEN title END,
 *                CASE WHEN :sort! = '-title' THEN title END DESC,
 *                CASE WHEN :sort! = 'price' THEN price END,
 *                CASE WHEN :sort! = '-price' THEN price END DESC,
 *                CASE WHEN :sort! = 'created_at' THEN created_at END,
 *                CASE WHEN :sort! = '-created_at' THEN created_at END DESC,
 *                id) AS n
 *     FROM (
 *         SELECT id, title, price, created_at FROM books
 *         WHERE :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text))
 *         UNION ALL
 *         SELECT id, title, price, created_at FROM books
 *         WHERE NOT :trigrams! AND (title ILIKE (SELECT :pattern!::text) OR author ILIKE (SELECT :pattern!::text)) IS TRUE
 *     ) AS found
 * ) AS matches
 * WHERE (n > :offset!::int AND n <= :offset!::int + :limit!::int) OR (n = total AND total <= :offset!::int)
 * ORDER BY n                                                                                                                                 
 * ```
 */
export const searchBookIds = new PreparedQuery<ISearchBookIdsParams,ISearchBookIdsResult>(searchBookIdsIR);


/** 'UpdateBook' parameters type */
export interface IUpdateBookParams {
  id: number;
  patch: Json;
}

/** 'UpdateBook' return type */
export interface IUpdateBookResult {
  author: string;
  cover_image_url: string | null;
  created_at: Date;
  description: string | null;
  id: number;
  isbn: string | null;
  price: string;
  publish_date: string | null;
  stock_quantity: number;
  title: string;
  updated_at: Date;
}

/** 'UpdateBook' query type */
export interface IUpdateBookQuery {
  params: IUpdateBookParams;
  result: IUpdateBookResult;
}

const updateBookIR: any = {"usedParamSet":{"patch":true,"id":true},"params":[{"name":"patch","required":true,"transform":{"type":"scalar"},"locs":[{"a":741,"b":747}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":786,"b":789}]}],"statement":"UPDATE books SET\n    title           = CASE WHEN patch ? 'title' THEN patch->>'title' ELSE title END,\n    author          = CASE WHEN patch ? 'author' THEN patch->>'author' ELSE author END,\n    price           = CASE WHEN patch ? 'price' THEN (patch->>'price')::numeric ELSE price END,\n    isbn            = CASE WHEN patch ? 'isbn' THEN patch->>'isbn' ELSE isbn END,\n    description     = CASE WHEN patch ? 'description' THEN patch->>'description' ELSE description END,\n    cover_image_url = CASE WHEN patch ? 'cover_image_url' THEN patch->>'cover_image_url' ELSE cover_image_url END,\n    publish_date    = CASE WHEN patch ? 'publish_date' THEN (patch->>'publish_date')::date ELSE publish_date END,\n    updated_at      = now()\nFROM (SELECT :patch!::jsonb AS patch) AS input\nWHERE id = :id!\nRETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE books SET
 *     title           = CASE WHEN patch ? 'title' THEN patch->>'title' ELSE title END,
 *     author          = CASE WHEN patch ? 'author' THEN patch->>'author' ELSE author END,
 *     price           = CASE WHEN patch ? 'price' THEN (patch->>'price')::numeric ELSE price END,
 *     isbn            = CASE WHEN patch ? 'isbn' THEN patch->>'isbn' ELSE isbn END,
 *     description     = CASE WHEN patch ? 'description' THEN patch->>'description' ELSE description END,
 *     cover_image_url = CASE WHEN patch ? 'cover_image_url' THEN patch->>'cover_image_url' ELSE cover_image_url END,
 *     publish_date    = CASE WHEN patch ? 'publish_date' THEN (patch->>'publish_date')::date ELSE publish_date END,
 *     updated_at      = now()
 * FROM (SELECT :patch!::jsonb AS patch) AS input
 * WHERE id = :id!
 * RETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at
 * ```
 */
export const updateBook = new PreparedQuery<IUpdateBookParams,IUpdateBookResult>(updateBookIR);


/** 'SetBookStock' parameters type */
export interface ISetBookStockParams {
  id: number;
  quantity: number;
}

/** 'SetBookStock' return type */
export interface ISetBookStockResult {
  author: string;
  cover_image_url: string | null;
  created_at: Date;
  description: string | null;
  id: number;
  isbn: string | null;
  price: string;
  publish_date: string | null;
  stock_quantity: number;
  title: string;
  updated_at: Date;
}

/** 'SetBookStock' query type */
export interface ISetBookStockQuery {
  params: ISetBookStockParams;
  result: ISetBookStockResult;
}

const setBookStockIR: any = {"usedParamSet":{"quantity":true,"id":true},"params":[{"name":"quantity","required":true,"transform":{"type":"scalar"},"locs":[{"a":34,"b":43}]},{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":76,"b":79}]}],"statement":"UPDATE books SET stock_quantity = :quantity!, updated_at = now() WHERE id = :id!\nRETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at"};

/**
 * Query generated from SQL:
 * ```
 * UPDATE books SET stock_quantity = :quantity!, updated_at = now() WHERE id = :id!
 * RETURNING id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at
 * ```
 */
export const setBookStock = new PreparedQuery<ISetBookStockParams,ISetBookStockResult>(setBookStockIR);


/** 'DeleteBook' parameters type */
export interface IDeleteBookParams {
  id: number;
}

/** 'DeleteBook' return type */
export interface IDeleteBookResult {
  id: number;
}

/** 'DeleteBook' query type */
export interface IDeleteBookQuery {
  params: IDeleteBookParams;
  result: IDeleteBookResult;
}

const deleteBookIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":29,"b":32}]}],"statement":"DELETE FROM books WHERE id = :id! RETURNING id"};

/**
 * Query generated from SQL:
 * ```
 * DELETE FROM books WHERE id = :id! RETURNING id
 * ```
 */
export const deleteBook = new PreparedQuery<IDeleteBookParams,IDeleteBookResult>(deleteBookIR);


