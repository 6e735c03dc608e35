/**
 * A UUIDv7 (RFC 9562: 48-bit Unix milliseconds, version 7, variant 10, random rest): Bun's own
 * on Bun, the same layout from Web Crypto elsewhere (Deno). Unique and ordered by millisecond.
 */
export const uuidv7: () => string = typeof Bun === "undefined" ? portableUuidv7 : () => Bun.randomUUIDv7();

export function portableUuidv7(now = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(now / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
