import { t } from "elysia";
import { idField, integerField } from "./schemas.ts";

/** `?limit=&before=` keyset paging, as every newest-first list takes it (`noun`: what it lists). */
export const pagingFields = (noun: string) => ({
  limit: t.Optional(integerField("limit", "an integer from 1 to 100", { minimum: 1, maximum: 100, default: 50 })),
  before: t.Optional({ ...idField("before"), description: `Only ${noun} with a smaller id: the next page` }),
});

/** The paging fields a handler receives filled in. */
export const PAGING_DEFAULTED = ["limit"] as const;

/** RFC 8288 link to the next page: the request's own URL with `before` moved on. */
export function nextLink(request: Request, page: { nextBefore: number | undefined }, limit: number): Record<string, string> {
  if (page.nextBefore === undefined) return {};
  const url = new URL(request.url);
  url.searchParams.set("before", String(page.nextBefore));
  url.searchParams.set("limit", String(limit));
  return { link: `<${url.pathname}${url.search}>; rel="next"` };
}
