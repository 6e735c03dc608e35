/** Strips hyphens and spaces; undefined unless the rest is a valid ISBN-10 or ISBN-13. */
export function normalizeIsbn(input: string): string | undefined {
  const isbn = input.replace(/[-\s]/g, "").toUpperCase();
  if (/^\d{9}[\dX]$/.test(isbn)) {
    const sum = [...isbn].reduce((acc, ch, i) => acc + (ch === "X" ? 10 : Number(ch)) * (10 - i), 0);
    return sum % 11 === 0 ? isbn : undefined;
  }
  if (/^\d{13}$/.test(isbn)) {
    const sum = [...isbn].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0);
    return sum % 10 === 0 ? isbn : undefined;
  }
  return undefined;
}
