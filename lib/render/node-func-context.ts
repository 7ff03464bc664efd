/**
 * What Node adds to the template functions' context: RSA keys from OpenSSL (`genPrivateKey`, `genCA`, … take
 * milliseconds instead of seconds). Node-only; the browser preview renders without it.
 */
import { generateKeyPairSync } from "node:crypto";
import type { FuncContext, RsaKeyComponents } from "@/lib/template/funcs/types";

function jwkNumber(value: string | undefined): bigint {
  if (!value) throw new Error("incomplete RSA key from OpenSSL");
  return BigInt(`0x${Buffer.from(value, "base64url").toString("hex") || "0"}`);
}

export function generateRsaKeyNative(bits: number): RsaKeyComponents {
  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: bits, publicExponent: 65537 });
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

export const nodeFuncContext: Partial<FuncContext> = { generateRsaKey: generateRsaKeyNative };
