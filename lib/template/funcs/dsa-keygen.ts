/**
 * DSA keys as Sprig's genPrivateKey "dsa" makes them: Go's dsa.GenerateParameters with L2048N256 (a 256-bit
 * prime q, a 2048-bit prime p ≡ 1 mod 2q, generator g = h^((p-1)/q)) and dsa.GenerateKey (0 < x < q,
 * y = g^x mod p). Candidates for p are sieved by small primes along the progression p0 + k·2q.
 */
import { millerRabin, MILLER_RABIN_ROUNDS, modPow, randomBigInt, SMALL_PRIMES } from "./primes";
import type { FuncContext } from "./types";

export interface DsaKey {
  p: bigint;
  q: bigint;
  g: bigint;
  y: bigint;
  x: bigint;
}

const L = 2048;
const N = 256;

function generateQ(ctx: FuncContext): bigint {
  for (;;) {
    const q = randomBigInt(ctx, N) | (1n << BigInt(N - 1)) | 1n;
    if (SMALL_PRIMES.some((sp) => q % BigInt(sp) === 0n)) continue;
    if (millerRabin(q, MILLER_RABIN_ROUNDS, ctx)) return q;
  }
}

function generateP(ctx: FuncContext, q: bigint): bigint | null {
  const twoQ = 2n * q;
  let p = randomBigInt(ctx, L) | (1n << BigInt(L - 1)) | 1n;
  p -= (p % twoQ) - 1n;
  const residues = SMALL_PRIMES.map((sp) => Number(p % BigInt(sp)));
  const steps = SMALL_PRIMES.map((sp) => Number(twoQ % BigInt(sp)));
  for (let k = 0; k < 4 * L; k++) {
    const candidate = p + BigInt(k) * twoQ;
    if (candidate >> BigInt(L) !== 0n) return null;
    if (candidate >> BigInt(L - 1) === 0n) continue;
    if (SMALL_PRIMES.some((sp, i) => (residues[i] + k * steps[i]) % sp === 0)) continue;
    if (millerRabin(candidate, MILLER_RABIN_ROUNDS, ctx)) return candidate;
  }
  return null;
}

export function generateDsaKey(ctx: FuncContext): DsaKey {
  for (;;) {
    const q = generateQ(ctx);
    const p = generateP(ctx, q);
    if (p === null) continue;
    const e = (p - 1n) / q;
    let g = 1n;
    for (let h = 2n; g === 1n; h++) g = modPow(h, e, p);
    let x = 0n;
    while (x === 0n || x >= q) x = randomBigInt(ctx, N);
    return { p, q, g, y: modPow(g, x, p), x };
  }
}
