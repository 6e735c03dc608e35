import { type Static, t } from "elysia";
import { Integer, integerField, MoneyString } from "../../core/schemas.ts";

export const PERIODS = ["today", "week", "month", "year"] as const;
export type Period = (typeof PERIODS)[number];

const period = t.UnionEnum([...PERIODS], {
  default: "month",
  error: `period must be one of ${PERIODS.join(", ")}`,
  description: "A calendar period in UTC up to now (week starts on Monday)",
});

export const SalesQuery = t.Object({ period });
export type SalesQuery = Static<typeof SalesQuery>;

export const TOP_BOOKS_BY = ["revenue", "units"] as const;

export const TopBooksQuery = t.Object({
  period,
  by: t.UnionEnum([...TOP_BOOKS_BY], { default: "revenue", error: `by must be one of ${TOP_BOOKS_BY.join(", ")}` }),
  limit: integerField("limit", "an integer from 1 to 50", { minimum: 1, maximum: 50, default: 10 }),
});
export type TopBooksQuery = Static<typeof TopBooksQuery>;

export const LowStockQuery = t.Object({
  threshold: integerField("threshold", "an integer from 0 to 100000", { minimum: 0, maximum: 100_000, default: 10 }),
  limit: integerField("limit", "an integer from 1 to 100", { minimum: 1, maximum: 100, default: 50 }),
});
export type LowStockQuery = Static<typeof LowStockQuery>;

const timestamp = (description: string) => t.String({ format: "date-time", description });
const change = (what: string) =>
  t.Nullable(t.String({ pattern: "^-?\\d+\\.\\d{2}$", examples: ["12.50"], description: `Relative change of ${what} in percent; null when the previous value is 0` }));

const figures = {
  revenue: MoneyString,
  orders: Integer({ description: "Orders not cancelled" }),
  units: Integer({ description: "Σ quantity of their lines" }),
  average_order_value: t.String({ pattern: "^\\d+\\.\\d{2}$", examples: ["24.99"], description: "revenue / orders, \"0.00\" without orders" }),
};

export const SalesSummary = t.Object({
  period: t.UnionEnum([...PERIODS]),
  from: timestamp("The period's start"),
  to: timestamp("Now"),
  ...figures,
  previous: t.Object({
    from: timestamp("The previous period's start"),
    to: timestamp("previous.from + (to − from), at most the previous period's end"),
    ...figures,
  }),
  change: t.Object({ revenue: change("revenue"), orders: change("orders"), average_order_value: change("the average order value") }),
});
export type SalesSummary = Static<typeof SalesSummary>;

export const TopBook = t.Object({
  book_id: t.Nullable(Integer({ description: "null: the lines of deleted books" })),
  title: t.Nullable(t.String()),
  author: t.Nullable(t.String()),
  units: Integer(),
  revenue: MoneyString,
});
export type TopBook = Static<typeof TopBook>;

export const LowStockBook = t.Object({ id: Integer(), title: t.String(), author: t.String(), stock_quantity: Integer() });
