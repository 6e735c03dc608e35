import { expect, test } from "bun:test";
import { hash, verify } from "@node-rs/argon2";
import { portableUuidv7 } from "../src/core/ids.ts";
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

// Deno's event ids come from portableUuidv7, Bun's from Bun.randomUUIDv7: the same shape and order.
test("the portable UUIDv7 has the version, variant and millisecond prefix of Bun's", () => {
  const now = Date.now();
  const portable = portableUuidv7(now);
  const native = Bun.randomUUIDv7("hex", now);
  const shape = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
  expect(portable).toMatch(shape);
  expect(native).toMatch(shape);
  expect(portable.slice(0, 13)).toBe(native.slice(0, 13));
  expect(portableUuidv7(now + 1) > portable).toBe(true);
  expect(portableUuidv7(now)).not.toBe(portable);
});
