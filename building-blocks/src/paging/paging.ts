import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { type JsonSchema, schemaOf } from '../http';
import { type Constructor, Query } from '../mediator';

/** Keeps `(page - 1) * pageSize` a safe integer that Postgres accepts as an OFFSET. */
export const MAX_PAGE = 1_000_000;
export const MAX_PAGE_SIZE = 100;

/** One page of a list, as every list route returns it (DESIGN §3). */
export interface Page<TItem> {
  items: TItem[];
  page: number;
  pageSize: number;
  totalItems: number;
  totalPages: number;
}

/**
 * A list query's paging parameters. Query-string values arrive as strings; `@Type(() => Number)` converts them and
 * the rules then check the numbers (`page=0` or `pageSize=10000` is a 400 naming the field).
 */
export abstract class PagedQuery<TItem> extends Query<Page<TItem>> {
  /** 1-based page number. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page: number = 1;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  pageSize: number = 20;
}

/** Rows to skip for the query's page. */
export function pageOffset(query: PagedQuery<unknown>): number {
  return (query.page - 1) * query.pageSize;
}

export function toPage<TItem>(items: TItem[], totalItems: number, query: PagedQuery<unknown>): Page<TItem> {
  return {
    items,
    page: query.page,
    pageSize: query.pageSize,
    totalItems,
    totalPages: Math.ceil(totalItems / query.pageSize),
  };
}

/** The OpenAPI schema of a page of `itemType`. */
export function pageSchemaOf(itemType: Constructor<unknown>): JsonSchema {
  const count = { type: 'integer', minimum: 0 };
  return {
    type: 'object',
    properties: {
      items: { type: 'array', items: schemaOf(itemType) },
      page: { type: 'integer', minimum: 1 },
      pageSize: { type: 'integer', minimum: 1 },
      totalItems: count,
      totalPages: count,
    },
    required: ['items', 'page', 'pageSize', 'totalItems', 'totalPages'],
  };
}
