/**
 * RSA key generation on native BigInt. node-forge's generator (jsbn) needs well over a minute for the 4096-bit
 * keys Sprig's genPrivateKey makes; this one sieves candidates by small primes with plain numbers and runs
 * Miller–Rabin with BigInt arithmetic, which is fast enough for a template render. Keys follow Go's
 * rsa.GenerateKey shape: e = 65537, two primes of half the size with their top two bits set (so n has
 * exactly `bits` bits), p ≠ q.
 */
import { gcd, millerRabin, MILLER_RABIN_ROUNDS, modInverse, randomBigInt, SMALL_PRIMES } from "./primes";
import type { FuncContext, RsaKeyComponents } from "./types";

export type RsaKey = RsaKeyComponents;

const E = 65537n;

/** A random prime of exactly `bits` bits with the top two bits set and gcd(e, p-1) = 1. */
function generatePrime(ctx: FuncContext, bits: number): bigint {
  for (;;) {
    let base = randomBigInt(ctx, bits) | (3n << BigInt(bits - 2)) | 1n;
    const residues = SMALL_PRIMES.map((sp) => Number(base % BigInt(sp)));
    for (let delta = 0; delta < 1 << 20; delta += 2) {
      if (SMALL_PRIMES.some((sp, i) => (residues[i] + delta) % sp === 0)) continue;
      const candidate = base + BigInt(delta);
      if (candidate >> BigInt(bits) !== 0n) break;
      if ((candidate - 1n) % E === 0n) continue;
      if (millerRabin(candidate, MILLER_RABIN_ROUNDS, ctx)) return candidate;
    }
    base = 0n;
  }
}

/**
 * The key made of two primes of `bits - bits/2` and `bits/2` bits, or undefined when the pair cannot make one the
 * way Go's rsa.GenerateKey would (equal primes, a modulus of the wrong length, e not invertible); p is the larger.
 * Shared by this generator and by hosts that draw primes from a native library (lib/render/node-func-context.ts).
 */
export function rsaKeyFromPrimes(first: bigint, second: bigint, bits: number): RsaKey | undefined {
  if (first === second) return undefined;
  const [p, q] = first > second ? [first, second] : [second, first];
  const n = p * q;
  if (n.toString(2).length !== bits) return undefined;
  const phi = (p - 1n) * (q - 1n);
  if (gcd(E, phi) !== 1n) return undefined;
  const d = modInverse(E, phi);
  return { n, e: E, d, p, q, dp: d % (p - 1n), dq: d % (q - 1n), qinv: modInverse(q, p) };
}

export function generateRsaKey(ctx: FuncContext, bits: number): RsaKey {
  if (ctx.generateRsaKey) return ctx.generateRsaKey(bits);
  for (;;) {
    const key = rsaKeyFromPrimes(generatePrime(ctx, bits - (bits >> 1)), generatePrime(ctx, bits >> 1), bits);
    if (key) return key;
  }
}
