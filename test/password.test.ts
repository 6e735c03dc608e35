import { expect, test } from "bun:test";
import { hash, verify } from "@node-rs/argon2";
import { ARGON2ID, hashPassword, verifyPassword } from "../src/core/password.ts";
import { useTestTimeout } from "./support/timeout.ts";

useTestTimeout();

// Deno hashes with @node-rs/argon2, Bun with Bun.password: one database serves both.
test("a password hashed on Bun verifies with Deno's hasher, and one hashed there verifies on Bun", async () => {
  const onBun = await hashPassword("correct horse");
  expect(onBun).toStartWith("$argon2id$v=19$m=65536,t=2,p=1$");
  expect(await verify(onBun, "correct horse")).toBe(true);
  expect(await verify(onBun, "wrong horse")).toBe(false);

  const onDeno = await hash("correct horse", ARGON2ID);
  expect(onDeno).toStartWith("$argon2id$v=19$m=65536,t=2,p=1$");
  expect(await verifyPassword("correct horse", onDeno)).toBe(true);
  expect(await verifyPassword("wrong horse", onDeno)).toBe(false);
});
