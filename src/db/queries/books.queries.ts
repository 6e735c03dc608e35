/** Types generated for queries found in "sql/books.sql" */
import { PreparedQuery } from '@pgtyped/runtime';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export type NumberOrString = number | string;

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

const findBookIR: any = {"usedParamSet":{"id":true},"params":[{"name":"id","required":true,"transform":{"type":"scalar"},"locs":[{"a":144,"b":147}]}],"statement":"SELECT id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at\nFROM books WHERE id = :id!                                                                                            "};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at
 * FROM books WHERE id = :id!                                                                                            
 * ```
 */
export const findBook = new PreparedQuery<IFindBookParams,IFindBookResult>(findBookIR);


/** 'ListBooks' parameters type */
export interface IListBooksParams {
  limit: number;
  offset: number;
  pattern?: string | null | void;
  sort: string;
}

/** 'ListBooks' return type */
export interface IListBooksResult {
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

/** 'ListBooks' query type */
export interface IListBooksQuery {
  params: IListBooksParams;
  result: IListBooksResult;
}

const listBooksIR: any = {"usedParamSet":{"pattern":true,"sort":true,"limit":true,"offset":true},"params":[{"name":"pattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":139,"b":146},{"a":177,"b":184},{"a":202,"b":209}]},{"name":"sort","required":true,"transform":{"type":"scalar"},"locs":[{"a":234,"b":239},{"a":281,"b":286},{"a":334,"b":339},{"a":381,"b":386},{"a":434,"b":439},{"a":491,"b":496}]},{"name":"limit","required":true,"transform":{"type":"scalar"},"locs":[{"a":553,"b":559}]},{"name":"offset","required":true,"transform":{"type":"scalar"},"locs":[{"a":573,"b":580}]}],"statement":"SELECT id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at\nFROM books\nWHERE :pattern::text IS NULL OR title ILIKE :pattern OR author ILIKE :pattern\nORDER BY\n    CASE WHEN :sort! = 'title' THEN title END,\n    CASE WHEN :sort! = '-title' THEN title END DESC,\n    CASE WHEN :sort! = 'price' THEN price END,\n    CASE WHEN :sort! = '-price' THEN price END DESC,\n    CASE WHEN :sort! = 'created_at' THEN created_at END,\n    CASE WHEN :sort! = '-created_at' THEN created_at END DESC,\n    id\nLIMIT :limit!::int OFFSET :offset!::int"};

/**
 * Query generated from SQL:
 * ```
 * SELECT id, title, author, price, isbn, description, cover_image_url, publish_date, stock_quantity, created_at, updated_at
 * FROM books
 * WHERE :pattern::text IS NULL OR title ILIKE :pattern OR author ILIKE :pattern
 * ORDER BY
 *     CASE WHEN :sort! = 'title' THEN title END,
 *     CASE WHEN :sort! = '-title' THEN title END DESC,
 *     CASE WHEN :sort! = 'price' THEN price END,
 *     CASE WHEN :sort! = '-price' THEN price END DESC,
 *     CASE WHEN :sort! = 'created_at' THEN created_at END,
 *     CASE WHEN :sort! = '-created_at' THEN created_at END DESC,
 *     id
 * LIMIT :limit!::int OFFSET :offset!::int
 * ```
 */
export const listBooks = new PreparedQuery<IListBooksParams,IListBooksResult>(listBooksIR);


/** 'CountBooks' parameters type */
export interface ICountBooksParams {
  pattern?: string | null | void;
}

/** 'CountBooks' return type */
export interface ICountBooksResult {
  total: number;
}

/** 'CountBooks' query type */
export interface ICountBooksQuery {
  params: ICountBooksParams;
  result: ICountBooksResult;
}

const countBooksIR: any = {"usedParamSet":{"pattern":true},"params":[{"name":"pattern","required":false,"transform":{"type":"scalar"},"locs":[{"a":50,"b":57},{"a":88,"b":95},{"a":113,"b":120}]}],"statement":"SELECT count(*)::int AS \"total!\" FROM books\nWHERE :pattern::text IS NULL OR title ILIKE :pattern OR author ILIKE :pattern                                                                                                                                 "};

/**
 * Query generated from SQL:
 * ```
 * SELECT count(*)::int AS "total!" FROM books
 * WHERE :pattern::text IS NULL OR title ILIKE :pattern OR author ILIKE :pattern                                                                                                                                 
 * ```
 */
export const countBooks = new PreparedQuery<ICountBooksParams,ICountBooksResult>(countBooksIR);


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


