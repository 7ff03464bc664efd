/**
 * What Node adds to the template functions' context: RSA keys and certificate signatures from OpenSSL
 * (`genPrivateKey`, `genCA`, … take milliseconds instead of seconds). Keys come from a per-process stock refilled in
 * the background (rsa-key-pool.ts), so a process that renders again and again rarely waits for a key. Node-only; the browser preview renders
 * without it.
 */
import { createPrivateKey, generateKeyPair, generateKeyPairSync, sign, type KeyObject } from "node:crypto";
import type { FuncContext, RsaKeyComponents } from "@/lib/template/funcs/types";
import { RsaKeyPool, type AsyncRsaGenerator } from "./rsa-key-pool";

function jwkNumber(value: string | undefined): bigint {
  if (!value) throw new Error("incomplete RSA key from OpenSSL");
  return BigInt(`0x${Buffer.from(value, "base64url").toString("hex") || "0"}`);
}

function components(privateKey: KeyObject): RsaKeyComponents {
  const jwk = privateKey.export({ format: "jwk" });
  return {
    n: jwkNumber(jwk.n),
    e: jwkNumber(jwk.e),
    d: jwkNumber(jwk.d),
    p: jwkNumber(jwk.p),
    q: jwkNumber(jwk.q),
    dp: jwkNumber(jwk.dp),
    dq: jwkNumber(jwk.dq),
    qinv: jwkNumber(jwk.qi),
  };
}

/**
 * Keys come out of OpenSSL as PKCS #1 DER and are read back through a new key object. Exporting the key object a
 * generation returned can deadlock Node 20: the export holds that key's lock, and a garbage collection during the
 * export may destroy the finished generation job, whose destructor takes the same lock (seen as a test process
 * hanging idle, the main thread blocked in ~KeyGenJob under KeyObjectHandle::ExportJWK).
 */
const DER = { type: "pkcs1", format: "der" } as const;

function componentsOfDer(der: Buffer): RsaKeyComponents {
  return components(createPrivateKey({ key: der, format: "der", type: "pkcs1" }));
}

/** A fresh key, generated now on this thread. */
export function generateRsaKeyNative(bits: number): RsaKeyComponents {
  return componentsOfDer(generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 65537, privateKeyEncoding: DER, publicKeyEncoding: DER }).privateKey);
}

/** A fresh key, generated on libuv's thread pool. */
export const generateRsaKeyNativeAsync: AsyncRsaGenerator = (bits, done) => {
  generateKeyPair("rsa", { modulusLength: bits, publicExponent: 65537, privateKeyEncoding: DER, publicKeyEncoding: DER }, (err, _publicKey, privateKey) => {
    if (err) return done(err);
    let key: RsaKeyComponents;
    try {
      key = componentsOfDer(privateKey);
    } catch (e) {
      return done(e instanceof Error ? e : new Error(String(e)));
    }
    done(null, key);
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

/** This process's stock of RSA keys (empty, and idle, until a render first asks for a key). */
export const rsaKeyPool = new RsaKeyPool({ generateSync: generateRsaKeyNative, generateAsync: generateRsaKeyNativeAsync });

/** For processes that render again and again (the server's render pool, the editor's preview, benchmarks). */
export const nodeFuncContext: Partial<FuncContext> = { generateRsaKey: (bits) => rsaKeyPool.take(bits), signRsaSha256: signRsaSha256Native };

/**
 * For one-shot processes (the CLI): each key generated when asked, no stock. The stock's refill cannot tell a
 * process that is about to exit from one that stays (a closing handle or a post-renderer keeps the loop alive for
 * a moment), and a background generation, once started, holds the exit until it is done.
 */
export const oneShotNodeFuncContext: Partial<FuncContext> = { generateRsaKey: generateRsaKeyNative, signRsaSha256: signRsaSha256Native };
