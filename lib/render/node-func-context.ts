/**
 * What Node adds to the template functions' context: RSA keys and certificate signatures from OpenSSL
 * (`genPrivateKey`, `genCA`, … take milliseconds instead of seconds). Keys come from a per-process stock refilled in
 * the background (rsa-key-pool.ts), so a process that renders again and again rarely waits for a key. Node-only; the
 * browser preview renders without it.
 */
import { createHash, createPrivateKey, generatePrime, generatePrimeSync, sign } from "node:crypto";
import { rsaKeyFromPrimes } from "@/lib/template/funcs/rsa-keygen";
import type { DigestAlgorithm, FuncContext, RsaKeyComponents } from "@/lib/template/funcs/types";
import { RsaKeyPool, type AsyncRsaGenerator } from "./rsa-key-pool";

/*
 * A key is made of two primes from OpenSSL's prime generator (random, top two bits set, 64 Miller–Rabin rounds) put
 * together with BigInt arithmetic (rsaKeyFromPrimes: e = 65537, p ≠ q, n of exactly `bits` bits), the shape of
 * Go's rsa.GenerateKey. OpenSSL 3's own RSA key generation takes about three times as long for the same key size
 * (≈200 ms against ≈65 ms for 2048 bits here: it runs the FIPS 186-4 generation and a pairwise test), which was most
 * of a render of a chart that makes certificates. No key object is created either, which also keeps clear of a
 * Node 20 deadlock in exporting the key object a key-pair generation returns (the export and the finished job's
 * destructor take the same lock).
 */
const primeBits = (bits: number): [number, number] => [bits - (bits >> 1), bits >> 1];

/** A fresh key, generated now on this thread. */
export function generateRsaKeyNative(bits: number): RsaKeyComponents {
  const [pBits, qBits] = primeBits(bits);
  for (;;) {
    const key = rsaKeyFromPrimes(generatePrimeSync(pBits, { bigint: true }), generatePrimeSync(qBits, { bigint: true }), bits);
    if (key) return key;
  }
}

/** A fresh key, its primes generated on libuv's thread pool one after the other (one pool thread per key). */
export const generateRsaKeyNativeAsync: AsyncRsaGenerator = (bits, done) => {
  const [pBits, qBits] = primeBits(bits);
  generatePrime(pBits, { bigint: true }, (err, p) => {
    if (err) return done(err);
    generatePrime(qBits, { bigint: true }, (err2, q) => {
      if (err2) return done(err2);
      const key = rsaKeyFromPrimes(p, q, bits);
      if (key) done(null, key);
      else generateRsaKeyNativeAsync(bits, done);
    });
  });
};

function base64url(n: bigint): string {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex").toString("base64url");
}

/** RSASSA-PKCS1-v1_5 with SHA-256 by OpenSSL: a millisecond, where BigInt arithmetic takes tens. */
export function signRsaSha256Native(key: RsaKeyComponents, message: Uint8Array): Uint8Array {
  const jwk = {
    kty: "RSA",
    n: base64url(key.n),
    e: base64url(key.e),
    d: base64url(key.d),
    p: base64url(key.p),
    q: base64url(key.q),
    dp: base64url(key.dp),
    dq: base64url(key.dq),
    qi: base64url(key.qinv),
  };
  return new Uint8Array(sign("sha256", message, createPrivateKey({ key: jwk, format: "jwk" })));
}

/** sha1sum/sha256sum/sha512sum by OpenSSL. */
export function digestNative(algorithm: DigestAlgorithm, data: Uint8Array): Uint8Array {
  return new Uint8Array(createHash(algorithm).update(data).digest());
}

/** This process's stock of RSA keys (empty, and idle, until a render first asks for a key). */
export const rsaKeyPool = new RsaKeyPool({ generateSync: generateRsaKeyNative, generateAsync: generateRsaKeyNativeAsync });

/** For processes that render again and again (the server's render pool, the editor's preview, benchmarks). */
export const nodeFuncContext: Partial<FuncContext> = { generateRsaKey: (bits) => rsaKeyPool.take(bits), signRsaSha256: signRsaSha256Native, digest: digestNative };

/**
 * For one-shot processes (the CLI): each key generated when asked, no stock. The stock's refill cannot tell a
 * process that is about to exit from one that stays (a closing handle or a post-renderer keeps the loop alive for
 * a moment), and a background generation, once started, holds the exit until it is done.
 */
export const oneShotNodeFuncContext: Partial<FuncContext> = { generateRsaKey: generateRsaKeyNative, signRsaSha256: signRsaSha256Native, digest: digestNative };
