import { Elysia, t } from "elysia";
import type pg from "pg";
import { type AccessTokens, authPlugin } from "../../core/auth.ts";
import { pagedByLink } from "../../core/openapi.ts";
import { nextLink, PAGING_DEFAULTED } from "../../core/paging.ts";
import { noContent } from "../../core/responses.ts";
import { defaultsApplied, errorResponses, IdParams } from "../../core/schemas.ts";
import { prepared } from "../../db/pool.ts";
import { CreatedWebhook, DeliveriesQuery, Delivery, DeliveryParams, Webhook, WebhookBody } from "./model.ts";
import * as events from "./service.ts";

/** The admin's webhook endpoints and their deliveries (SPEC.md, Order events, webhooks and email). */
export const eventsModule = (pool: pg.Pool, tokens: AccessTokens) => {
  const db = prepared(pool);
  return new Elysia({ name: "events-routes", detail: { tags: ["admin", "webhooks"] } })
    .use(authPlugin(tokens))
    .post(
      "/admin/webhooks",
      async ({ body, set }) => {
        set.status = 201;
        return events.createWebhook(db, body);
      },
      {
        admin: true,
        body: WebhookBody,
        parse: "json",
        response: { 201: CreatedWebhook, ...errorResponses(401, 403, 422) },
        detail: {
          summary: "Subscribe a URL to order events (admin); the signing secret is in this answer only",
          description:
            "Events are POSTed per the Standard Webhooks specification: headers webhook-id (the event id, the same on " +
            "every retry), webhook-timestamp and webhook-signature (v1,<base64 HMAC-SHA256 of \"{id}.{timestamp}.{body}\" " +
            "keyed with the secret's base64 part). A 2xx within the timeout delivers; anything else is retried with " +
            "exponential backoff. Redirects are not followed.",
        },
      },
    )
    .get("/admin/webhooks", () => events.listWebhooks(db), {
      admin: true,
      response: { 200: t.Array(Webhook), ...errorResponses(401, 403) },
      detail: { summary: "Every webhook endpoint, oldest first, without secrets (admin)" },
    })
    .delete(
      "/admin/webhooks/:id",
      async ({ params }) => {
        await events.deleteWebhook(db, params.id);
        return noContent();
      },
      {
        admin: true,
        params: IdParams,
        response: { 204: t.Void({ description: "Deleted; its pending deliveries are dropped" }), ...errorResponses(401, 403, 404, 422) },
        detail: { summary: "Delete a webhook endpoint and its deliveries (admin)", description: "Errors: 404 WEBHOOK_NOT_FOUND." },
      },
    )
    .get(
      "/admin/webhooks/:id/deliveries",
      async ({ params, query: given, request, set }) => {
        const query = defaultsApplied(given, PAGING_DEFAULTED);
        const page = await events.listDeliveries(db, params.id, query);
        Object.assign(set.headers, nextLink(request, page, query.limit));
        return page.deliveries;
      },
      {
        admin: true,
        params: IdParams,
        query: DeliveriesQuery,
        response: { 200: t.Array(Delivery), ...errorResponses(401, 403, 404, 422) },
        detail: {
          ...pagedByLink,
          summary: "One endpoint's deliveries, one per event sent to it, newest first; Link rel=\"next\" while more exist (admin)",
          description: "Errors: 404 WEBHOOK_NOT_FOUND.",
        },
      },
    )
    .post(
      "/admin/webhooks/:id/deliveries/:delivery_id/retry",
      async ({ params, set }) => {
        await events.retryDelivery(db, params.id, params.delivery_id);
        set.status = 202;
      },
      {
        admin: true,
        params: DeliveryParams,
        response: {
          202: t.Void({ description: "The failed delivery is pending again, due now, with a fresh budget of attempts" }),
          ...errorResponses(401, 403, 404, 409, 422),
        },
        detail: {
          summary: "Retry a failed delivery (admin)",
          description: "Errors: 404 WEBHOOK_NOT_FOUND or WEBHOOK_DELIVERY_NOT_FOUND, 409 WEBHOOK_DELIVERY_NOT_FAILED (pending or delivered).",
        },
      },
    );
};
