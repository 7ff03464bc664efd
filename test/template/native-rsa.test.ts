import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { generateRsaKeyNative } from "@/lib/render/node-func-context";
import { helmCodecFunctions, sprigFunctions } from "@/lib/template/funcs";
import type { FuncContext } from "@/lib/template/funcs/types";

describe("native RSA keys for genPrivateKey", () => {
  it("gives a consistent 4096-bit key (n = p·q, d·e ≡ 1 mod λ-compatible, CRT parts match)", () => {
    const k = generateRsaKeyNative(4096);
    expect(k.n.toString(2)).toHaveLength(4096);
    expect(k.p * k.q).toBe(k.n);
    expect(k.e).toBe(65537n);
    expect((k.d * k.e) % (k.p - 1n)).toBe(1n);
    expect(k.dp).toBe(k.d % (k.p - 1n));
    expect((k.qinv * k.q) % k.p).toBe(1n);
  });

  it("is used by genPrivateKey when the context offers it, and the PEM is a valid key", () => {
    const calls: number[] = [];
    const ctx: FuncContext = {
      now: () => new Date("2026-11-24T00:00:00Z"),
      randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
      timeZone: "UTC",
      generateRsaKey: (bits) => {
        calls.push(bits);
        return generateRsaKeyNative(bits);
      },
    };
    const fns = { ...sprigFunctions(), ...helmCodecFunctions() };
    const pem = fns.genPrivateKey.call(ctx, ["rsa"]) as string;
    expect(calls).toEqual([4096]);
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
    expect(key.n.bitLength()).toBe(4096);
  });
});
