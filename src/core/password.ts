/**
 * Password hashes: argon2id in PHC format (`$argon2id$v=19$m=65536,t=2,p=1$…`), so a hash made
 * on one runtime verifies on the other. Bun hashes natively (Bun.password); elsewhere (Deno)
 * @node-rs/argon2 computes the same parameters, loaded only there. Both hash off the main thread.
 */
const native = typeof Bun === "undefined" ? undefined : Bun.password;

/** Bun.password's defaults for argon2id. */
export const ARGON2ID = { algorithm: 2 /* Algorithm.Argon2id */, memoryCost: 65_536, timeCost: 2, parallelism: 1 } as const;

let portable: Promise<typeof import("@node-rs/argon2")> | undefined;
const nodeRs = () => (portable ??= import("@node-rs/argon2"));

export async function hashPassword(password: string): Promise<string> {
  return native ? native.hash(password) : (await nodeRs()).hash(password, ARGON2ID);
}

export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  return native ? native.verify(password, hash) : (await nodeRs()).verify(hash, password);
}
