import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";
import type { Logger } from "../../core/logger.ts";
import { fromCents, toCents } from "../../core/money.ts";
import type { OrderEvent } from "./model.ts";
import { type Attempt, failure, type Sender } from "./senders.ts";

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);


interface Email {
  subject: string;
  text: string;
  html: string;
}

/** The buyer's email about an event: what changed, the lines and the total, in text and HTML. */
function renderEmail(event: OrderEvent): Email {
  const { order } = event.data;
  const tracking = order.shipment?.tracking_number;
  const carrier = order.shipment?.carrier;
  const headline = {
    "order.placed": `Thank you for your order #${order.id}. It is confirmed.`,
    "order.cancelled": `Your order #${order.id} is cancelled; the payment of ${order.total_price} is refunded in full.`,
    "order.shipped": `Your order #${order.id} has shipped${carrier ? ` with ${carrier}` : ""}. Tracking number: ${tracking ?? "not given"}.`,
    "order.delivered": `Your order #${order.id} is delivered.`,
  }[event.type];
  const subject = {
    "order.placed": `Order #${order.id} confirmed`,
    "order.cancelled": `Order #${order.id} cancelled`,
    "order.shipped": `Order #${order.id} shipped`,
    "order.delivered": `Order #${order.id} delivered`,
  }[event.type];
  const lines = order.items.map((item) => ({
    title: item.book?.title ?? "(a book no longer in the catalog)",
    quantity: item.quantity,
    unitPrice: item.unit_price,
    total: fromCents(toCents(item.unit_price) * item.quantity),
  }));
  const text = [
    headline,
    "",
    ...lines.map((line) => `${line.quantity} × ${line.title} at ${line.unitPrice} = ${line.total}`),
    "",
    `Total: ${order.total_price}`,
    "",
  ].join("\n");
  const rows = lines
    .map((line) => `<tr><td>${escape(line.title)}</td><td>${line.quantity}</td><td>${line.unitPrice}</td><td>${line.total}</td></tr>`)
    .join("");
  const html =
    `<p>${escape(headline)}</p>` +
    `<table><thead><tr><th>Book</th><th>Quantity</th><th>Unit price</th><th>Amount</th></tr></thead>` +
    `<tbody>${rows}</tbody><tfoot><tr><td colspan="3">Total</td><td>${order.total_price}</td></tr></tfoot></table>`;
  return { subject, text, html };
}

export interface MailSettings {
  /** Unset: each email is written to `mailDir` as an .eml file. */
  smtpUrl: string | undefined;
  from: string;
  mailDir: string;
  timeoutSeconds: number;
  logger: Logger;
}

/**
 * Emails through SMTP (nodemailer), or into .eml files without SMTP_URL. The Message-ID is
 * the event id at the sender's domain, so a duplicate (at least once) is recognisable.
 */
export function mailSender({ smtpUrl, from, mailDir, timeoutSeconds, logger }: MailSettings): Sender {
  const timeoutMs = timeoutSeconds * 1000;
  const transport = smtpUrl
    ? nodemailer.createTransport({
        url: smtpUrl,
        // Pooled connections: a new SMTP session per message measured at ~110 ms, a pooled one at a few ms.
        pool: true,
        maxConnections: 10,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      })
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? "bookstore.localhost";
  return {
    async send(attempt: Attempt, signal: AbortSignal) {
      try {
        const event = JSON.parse(attempt.payload) as OrderEvent;
        const message = {
          ...renderEmail(event),
          from,
          to: attempt.recipient!,
          messageId: `<${attempt.event_id}@${domain}>`,
          date: new Date(event.created_at),
        };
        // Each SMTP step may take the timeout; the whole attempt (waiting for a pooled connection
        // included) at most twice that, so that it ends within the dispatcher's lease.
        const info = await abortable<unknown>(transport.sendMail(message), signal, timeoutSeconds * 2);
        if (!smtpUrl) {
          const file = join(mailDir, `${attempt.event_id}.eml`);
          await mkdir(mailDir, { recursive: true });
          await writeFile(file, (info as { message: Buffer }).message);
          logger.info({ event_id: attempt.event_id, to: message.to, file }, "email written (SMTP_URL unset)");
        }
        return { delivered: true, statusCode: smtpUrl ? 250 : null, error: null };
      } catch (error) {
        return failure(error, (error as { responseCode?: number }).responseCode ?? null);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * nodemailer takes no AbortSignal: the attempt stops waiting for it instead, when the dispatcher
 * stops or after `timeoutSeconds` (a message still queued may then go out later: a duplicate,
 * which at least once allows and the Message-ID makes recognisable).
 */
async function abortable<T>(work: Promise<T>, signal: AbortSignal, timeoutSeconds: number): Promise<T> {
  let stop = () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  const aborted = new Promise<never>((_, reject) => {
    stop = () => reject(new Error("interrupted: the dispatcher stopped"));
    if (signal.aborted) stop();
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutSeconds} s`)), timeoutSeconds * 1000);
  });
  signal.addEventListener("abort", stop, { once: true });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", stop);
  }
}
