/**
 * Probable-prime machinery on native BigInt for key generation: a small-prime table for sieving, modular
 * exponentiation and inverses, random integers from FuncContext, and Miller–Rabin.
 */
import type { FuncContext } from "./types";

export const MILLER_RABIN_ROUNDS = 20;
export const SMALL_PRIMES: number[] = (() => {
  const limit = 1 << 14;
  const sieve = new Uint8Array(limit);
  const primes: number[] = [];
  for (let i = 3; i < limit; i += 2) {
    if (sieve[i]) continue;
    primes.push(i);
    for (let j = i * i; j < limit; j += 2 * i) sieve[j] = 1;
  }
  return primes;
})();

export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  base %= mod;
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod;
    exp >>= 1n;
    base = (base * base) % mod;
  }
  return result;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [oldR, r] = [a % m, m];
  let [oldS, s] = [1n, 0n];
  while (r !== 0n) {
    const q = oldR / r;
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  if (oldR !== 1n) throw new Error("not invertible");
  return ((oldS % m) + m) % m;
}

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

export function randomBigInt(ctx: FuncContext, bits: number): bigint {
  const bytes = ctx.randomBytes(Math.ceil(bits / 8)).slice(0, Math.ceil(bits / 8));
  let x = 0n;
  for (const b of bytes) x = (x << 8n) | BigInt(b);
  return x & ((1n << BigInt(bits)) - 1n);
}

export function millerRabin(n: bigint, rounds: number, ctx: FuncContext): boolean {
  const nMinus1 = n - 1n;
  let d = nMinus1;
  let s = 0;
  while ((d & 1n) === 0n) {
    d >>= 1n;
    s++;
  }
  const bits = n.toString(2).length;
  for (let i = 0; i < rounds; i++) {
    // The first base is 2 (cheap and decisive for most composites); later ones are random in [2, n-2].
    const a = i === 0 ? 2n : 2n + (randomBigInt(ctx, bits) % (n - 3n));
    let x = modPow(a, d, n);
    if (x === 1n || x === nMinus1) continue;
    let witness = true;
    for (let r = 1; r < s; r++) {
      x = (x * x) % n;
      if (x === nMinus1) {
        witness = false;
        break;
      }
    }
    if (witness) return false;
  }
  return true;
}

