/**
 * Sprig's crypto functions: genPrivateKey and the certificate functions (keys.ts and x509.ts do the work)
 * returning the `sprig.certificate` struct, bcrypt/htpasswd, the Master Password derivePassword algorithm,
 * and Sprig's AES-256-CBC encryptAES/decryptAES. Randomness always comes from FuncContext.randomBytes.
 */
import { hmac } from "@noble/hashes/hmac.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import bcryptjs from "bcryptjs";
import forge from "node-forge";
import { formatValue } from "../fmt";
import { GoMap, type GoStruct, type GoValue } from "../value";
import { fn, fromUtf8, intArg, strArg, utf8 } from "./define";
import { base64Decode, base64Encode } from "./encoding";
import { fromBinary, generateDsa, generateEcdsa, generateEd25519, generateRsa, keyToPem, parsePrivateKeyPem, toBinary, type PrivateKey } from "./keys";
import { FuncError, type FuncContext, type FunctionTable, type GoParamType, type TemplateFunction } from "./types";
import { createCertificate, parseSignerCertificate, type CertRequest, type Signer } from "./x509";

// ---- keys and certificates ---------------------------------------------------------------------------------

function generatePrivateKey(typ: string, ctx: FuncContext): string {
  switch (typ) {
    case "":
    case "rsa":
      return keyToPem(generateRsa(ctx, 4096));
    case "ecdsa":
      return keyToPem(generateEcdsa(ctx));
    case "ed25519":
      return keyToPem(generateEd25519(ctx));
    case "dsa":
      return keyToPem(generateDsa(ctx));
    default:
      return "Unknown type " + typ;
  }
}

export interface Certificate {
  cert: string;
  key: string;
}

/** Sprig's `certificate` struct as a template value (.Cert, .Key). */
export function certificateValue(c: Certificate): GoStruct & { certificate: Certificate } {
  return {
    certificate: c,
    goType: "sprig.certificate",
    goKind: "struct",
    field: (name) => (name === "Cert" ? c.cert : name === "Key" ? c.key : undefined),
    method: () => undefined,
    format: () => `{${c.cert} ${c.key}}`,
    toJSONValue: () => new GoMap([["Cert", c.cert], ["Key", c.key]]),
  };
}

function certificateArg(v: GoValue): Certificate {
  const c = (v as { certificate?: Certificate } | null)?.certificate;
  if (!c) throw new FuncError("wrong type for value; expected sprig.certificate");
  return c;
}

/** net.ParseIP for the dotted-quad and colon forms. */
function parseIp(s: string): string | null {
  if (/^(\d{1,3})(\.\d{1,3}){3}$/.test(s)) return s.split(".").every((p) => Number(p) <= 255) ? s : null;
  if (s.includes(":") && /^[0-9A-Fa-f:.]+$/.test(s)) {
    try {
      new URL(`http://[${s}]/`);
      return s;
    } catch {
      return null;
    }
  }
  return null;
}

function stringList(v: GoValue, notString: (x: GoValue) => string): string[] {
  const items = Array.isArray(v) ? v : [];
  return items.map((x) => {
    if (typeof x !== "string") throw new FuncError(notString(x));
    return x;
  });
}

function certRequest(cn: GoValue, ips: GoValue, dns: GoValue, days: GoValue, isCA: boolean): CertRequest {
  const ipList = stringList(ips, (x) => `error parsing ip: ${formatValue(x)} is not a string`).map((s) => {
    const ip = parseIp(s);
    if (!ip) throw new FuncError(`error parsing ip: ${s}`);
    return ip;
  });
  const dnsList = stringList(dns, (x) => `error processing alternate dns name: ${formatValue(x)} is not a string`);
  return { cn: strArg(cn), ips: ipList, dns: dnsList, days: intArg(days), isCA };
}

function issue(req: CertRequest, key: PrivateKey, signer: Signer | null, ctx: FuncContext): GoStruct {
  return certificateValue({ cert: createCertificate(req, key, signer, ctx), key: keyToPem(key) });
}

function signerOf(ca: Certificate): Signer {
  const parsed = parseSignerCertificate(ca.cert, "decodedSignerCert.Bytes");
  return { ...parsed, key: parsePrivateKeyPem(ca.key, "error parsing private key") };
}

function buildCustomCert(b64cert: string, b64key: string): Certificate {
  let cert: string;
  let key: string;
  try {
    cert = fromUtf8(base64Decode(b64cert));
  } catch {
    throw new FuncError("unable to decode base64 certificate");
  }
  try {
    key = fromUtf8(base64Decode(b64key));
  } catch {
    throw new FuncError("unable to decode base64 private key");
  }
  parseSignerCertificate(cert, "decodedCert.Bytes");
  parsePrivateKeyPem(key, "error parsing private key");
  return { cert, key };
}

// ---- passwords and AES ---------------------------------------------------------------------------------------

/** The Master Password templates and character classes (the algorithm's published tables). */
const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ["anoxxxxxxxxxxxxxxxxx", "axxxxxxxxxxxxxxxxxno"],
  long: [
    "CvcvnoCvcvCvcv", "CvcvCvcvnoCvcv", "CvcvCvcvCvcvno", "CvccnoCvcvCvcv", "CvccCvcvnoCvcv", "CvccCvcvCvcvno",
    "CvcvnoCvccCvcv", "CvcvCvccnoCvcv", "CvcvCvccCvcvno", "CvcvnoCvcvCvcc", "CvcvCvcvnoCvcc", "CvcvCvcvCvccno",
    "CvccnoCvccCvcv", "CvccCvccnoCvcv", "CvccCvccCvcvno", "CvcvnoCvccCvcc", "CvcvCvccnoCvcc", "CvcvCvccCvccno",
    "CvccnoCvcvCvcc", "CvccCvcvnoCvcc", "CvccCvcvCvccno",
  ],
  medium: ["CvcnoCvc", "CvcCvcno"],
  short: ["Cvcn"],
  basic: ["aaanaaan", "aannaaan", "aaannaaa"],
  pin: ["nnnn"],
};

const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: "AEIOU",
  C: "BCDFGHJKLMNPQRSTVWXYZ",
  v: "aeiou",
  c: "bcdfghjklmnpqrstvwxyz",
  A: "AEIOUBCDFGHJKLMNPQRSTVWXYZ",
  a: "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz",
  n: "0123456789",
  o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: "AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()",
};

function uint32be(n: number): Uint8Array {
  return Uint8Array.of((n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255);
}

function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function derivePassword(counter: number, type: string, password: string, user: string, site: string): string {
  const templates = PASSWORD_TEMPLATES[type];
  if (!templates) return `cannot find password template ${type}`;
  const seedName = utf8("com.lyndir.masterpassword");
  const userBytes = utf8(user);
  const siteBytes = utf8(site);
  const key = scrypt(utf8(password), concatBytes(seedName, uint32be(userBytes.length), userBytes), { N: 32768, r: 8, p: 2, dkLen: 64 });
  const seed = hmac(sha256, key, concatBytes(seedName, uint32be(siteBytes.length), siteBytes, uint32be(counter)));
  const template = templates[seed[0] % templates.length];
  return Array.from(template, (cls, i) => {
    const chars = TEMPLATE_CHARACTERS[cls];
    return chars[seed[i + 1] % chars.length];
  }).join("");
}

const BCRYPT_ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** bcrypt's own base64 for the 16-byte salt (22 characters). */
function bcryptBase64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const c1 = bytes[i++];
    out += BCRYPT_ALPHABET[c1 >> 2];
    let c = (c1 & 3) << 4;
    if (i >= bytes.length) {
      out += BCRYPT_ALPHABET[c];
      break;
    }
    const c2 = bytes[i++];
    out += BCRYPT_ALPHABET[c | (c2 >> 4)];
    c = (c2 & 15) << 2;
    if (i >= bytes.length) {
      out += BCRYPT_ALPHABET[c];
      break;
    }
    const c3 = bytes[i++];
    out += BCRYPT_ALPHABET[c | (c3 >> 6)] + BCRYPT_ALPHABET[c3 & 63];
  }
  return out;
}

/** golang.org/x/crypto/bcrypt at DefaultCost (10), "$2a$" form; the salt comes from the context. */
export function bcryptHash(password: string, ctx: FuncContext): string {
  if (utf8(password).length > 72) return "failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes";
  const salt = "$2a$10$" + bcryptBase64(ctx.randomBytes(16).slice(0, 16));
  return bcryptjs.hashSync(password, salt);
}

/** node-forge pads and unpads with PKCS#7 unless finish() gets a replacement; Sprig does both by hand. */
function withoutPadding(c: forge.cipher.BlockCipher): { finish(pad: () => boolean): boolean } {
  return c as unknown as { finish(pad: () => boolean): boolean };
}

function aesKey(password: string): string {
  const key = new Uint8Array(32);
  key.set(utf8(password).subarray(0, 32));
  return toBinary(key);
}

export function encryptAES(password: string, plaintext: string, ctx: FuncContext): string {
  if (plaintext === "") return "";
  const content = utf8(plaintext);
  const padding = 16 - (content.length % 16);
  const padded = concatBytes(content, new Uint8Array(padding).fill(padding));
  const iv = ctx.randomBytes(16).slice(0, 16);
  const cipher = forge.cipher.createCipher("AES-CBC", aesKey(password));
  cipher.start({ iv: toBinary(iv) });
  cipher.update(forge.util.createBuffer(toBinary(padded)));
  withoutPadding(cipher).finish(() => true);
  return base64Encode(concatBytes(iv, fromBinary(cipher.output.getBytes())));
}

export function decryptAES(password: string, crypt64: string): string {
  if (crypt64 === "") return "";
  let crypt: Uint8Array;
  try {
    crypt = base64Decode(crypt64);
  } catch (e) {
    throw new FuncError((e as Error).message);
  }
  if (crypt.length < 16) throw new FuncError(`runtime error: slice bounds out of range [:16] with capacity ${crypt.length}`);
  const body = crypt.subarray(16);
  if (body.length % 16 !== 0) throw new FuncError("crypto/cipher: input not full blocks");
  if (body.length === 0) throw new FuncError("runtime error: index out of range [-1]");
  const decipher = forge.cipher.createDecipher("AES-CBC", aesKey(password));
  decipher.start({ iv: toBinary(crypt.subarray(0, 16)) });
  decipher.update(forge.util.createBuffer(toBinary(body)));
  withoutPadding(decipher).finish(() => true);
  const plain = fromBinary(decipher.output.getBytes());
  const cut = plain.length - plain[plain.length - 1];
  if (cut < 0) throw new FuncError(`runtime error: slice bounds out of range [:${cut}]`);
  return fromUtf8(plain.subarray(0, cut));
}

/** Key generation and password hashing take long for their small input and output: see TemplateFunction.slow. */
function slow(f: TemplateFunction): TemplateFunction {
  return { ...f, slow: true };
}

export function cryptoFunctions(): FunctionTable {
  // Sprig's certificate functions generate 2048-bit RSA keys unless given one.
  const keyFrom = (withKey: boolean, pem: GoValue, ctx: FuncContext) =>
    withKey ? parsePrivateKeyPem(strArg(pem), "parsing private key") : generateRsa(ctx, 2048);
  const ca = (withKey: boolean) =>
    slow(fn(withKey ? ["string", "int", "string"] : ["string", "int"], ([cn, days, pem], ctx) =>
      issue(certRequest(cn, null, null, days, true), keyFrom(withKey, pem, ctx), null, ctx),
    ));
  const certParams: GoParamType[] = ["string", "[]interface {}", "[]interface {}", "int"];
  const selfSigned = (withKey: boolean) =>
    slow(fn(withKey ? [...certParams, "string"] : certParams, ([cn, ips, dns, days, pem], ctx) => {
      const req = certRequest(cn, ips, dns, days, false);
      return issue(req, keyFrom(withKey, pem, ctx), null, ctx);
    }));
  const signed = (withKey: boolean) =>
    slow(fn(withKey ? [...certParams, "interface {}", "string"] : [...certParams, "interface {}"], ([cn, ips, dns, days, caValue, pem], ctx) => {
      const signer = signerOf(certificateArg(caValue));
      const req = certRequest(cn, ips, dns, days, false);
      return issue(req, keyFrom(withKey, pem, ctx), signer, ctx);
    }));
  return {
    bcrypt: slow(fn(["string"], ([s], ctx) => bcryptHash(strArg(s), ctx))),
    htpasswd: slow(
      fn(["string", "string"], ([user, pass], ctx) => {
        if (strArg(user).includes(":")) return `invalid username: ${strArg(user)}`;
        return `${strArg(user)}:${bcryptHash(strArg(pass), ctx)}`;
      }),
    ),
    genPrivateKey: slow(fn(["string"], ([typ], ctx) => generatePrivateKey(strArg(typ), ctx))),
    derivePassword: slow(
      fn(["uint32", "string", "string", "string", "string"], ([counter, typ, password, user, site]) =>
        derivePassword(intArg(counter), strArg(typ), strArg(password), strArg(user), strArg(site)),
      ),
    ),
    buildCustomCert: fn(["string", "string"], ([c, k]) => certificateValue(buildCustomCert(strArg(c), strArg(k)))),
    genCA: ca(false),
    genCAWithKey: ca(true),
    genSelfSignedCert: selfSigned(false),
    genSelfSignedCertWithKey: selfSigned(true),
    genSignedCert: signed(false),
    genSignedCertWithKey: signed(true),
    encryptAES: fn(["string", "string"], ([pw, text], ctx) => encryptAES(strArg(pw), strArg(text), ctx)),
    decryptAES: fn(["string", "string"], ([pw, text]) => decryptAES(strArg(pw), strArg(text))),
  };
}
