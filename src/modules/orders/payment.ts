/**
 * What checkout and cancel need from a payment provider; a real gateway implements the same.
 * Both calls happen inside their order's transaction, with rows locked: an implementation must
 * answer (or give up) within a few seconds, well below idle_in_transaction_session_timeout.
 */
export interface PaymentGateway {
  /** An approved charge carries the gateway's reference for it, which a refund names. */
  charge(request: ChargeRequest): Promise<ChargeResult>;
  /** Refunds `amount` (decimal string, two places) of the charge `paymentReference`. */
  refund(paymentReference: string, amount: string, options: RefundOptions): Promise<RefundResult>;
}

export interface ChargeRequest {
  userId: number;
  /** Decimal string, two places. */
  amount: string;
  /** Test hook of the API: always decline. */
  forceFailure: boolean;
}

export interface RefundOptions {
  /** Test hook of the API: always decline. */
  forceFailure: boolean;
}

export type Declined = { approved: false; reason: string };
export type ChargeResult = { approved: true; reference: string } | Declined;
export type RefundResult = { approved: true } | Declined;

/**
 * Charges decline when asked to, otherwise at random with probability `declineRate` (0–1).
 * Refunds succeed unless asked to fail.
 */
export class MockPaymentGateway implements PaymentGateway {
  constructor(private readonly declineRate: number) {}

  async charge({ forceFailure }: ChargeRequest): Promise<ChargeResult> {
    if (forceFailure) return { approved: false, reason: "Payment declined (forced)" };
    if (Math.random() < this.declineRate) return { approved: false, reason: "Payment declined" };
    return { approved: true, reference: `mock_ch_${crypto.randomUUID()}` };
  }

  async refund(_paymentReference: string, _amount: string, { forceFailure }: RefundOptions): Promise<RefundResult> {
    return forceFailure ? { approved: false, reason: "Refund declined (forced)" } : { approved: true };
  }
}
