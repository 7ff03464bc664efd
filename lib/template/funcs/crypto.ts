/**
 * Sprig's crypto functions: private keys (RSA via node-forge; ECDSA P-256 and Ed25519 via @noble/curves) as
 * Go's PEM encodings, X.509 CA/self-signed/signed certificates (RSA, SHA-256) returned as the
 * `sprig.certificate` struct, bcrypt/htpasswd, the Master Password derivePassword algorithm, and Sprig's
 * AES-256-CBC encryptAES/decryptAES. Randomness always comes from FuncContext.randomBytes.
 */
import { p256 } from "@noble/curves/nist.js";
import { hmac } from "@noble/hashes/hmac.js";
import { scrypt } from "@noble/hashes/scrypt.js";
import { sha256 } from "@noble/hashes/sha2.js";
import bcryptjs from "bcryptjs";
import forge from "node-forge";
import { GoMap, type GoStruct, type GoValue } from "../value";
import { fn, fromUtf8, intArg, strArg, utf8 } from "./define";
import { base64Decode, base64Encode } from "./encoding";
import { generateRsaKey } from "./rsa-keygen";
import { FuncError, type FuncContext, type FunctionTable } from "./types";

// ---- encodings -----------------------------------------------------------------------------------------------

const toBinary = (b: Uint8Array) => forge.util.binary.raw.encode(b);
const fromBinary = (s: string) => forge.util.binary.raw.decode(s);

/** encoding/pem.EncodeToMemory: 64-column base64 lines, LF line ends. */
export function pemEncode(type: string, der: Uint8Array): string {
  const b64 = base64Encode(der);
  const lines = b64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.map((l) => l + "\n").join("")}-----END ${type}-----\n`;
}

function pemDecode(text: string): { type: string; der: Uint8Array } | null {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  try {
    return { type: m[1], der: base64Decode(m[2].replace(/\s+/g, "")) };
  } catch {
    return null;
  }
}

// ---- keys ----------------------------------------------------------------------------------------------------

type PrivateKey = { kind: "rsa"; key: forge.pki.rsa.PrivateKey } | { kind: "ecdsa"; d: Uint8Array } | { kind: "ed25519"; seed: Uint8Array };

function generateRsa(ctx: FuncContext, bits: number): PrivateKey {
  const k = generateRsaKey(ctx, bits);
  const big = (x: bigint) => new forge.jsbn.BigInteger(x.toString(16), 16);
  const key = forge.pki.setRsaPrivateKey(big(k.n), big(k.e), big(k.d), big(k.p), big(k.q), big(k.dp), big(k.dq), big(k.qinv));
  return { kind: "rsa", key };
}

function ecPrivateKeyDer(d: Uint8Array): Uint8Array {
  const asn1 = forge.asn1;
  const pub = p256.getPublicKey(d, false);
  const node = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, String.fromCharCode(1)),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, toBinary(d)),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer("1.2.840.10045.3.1.7").getBytes()),
    ]),
    asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, "\x00" + toBinary(pub)),
    ]),
  ]);
  return fromBinary(asn1.toDer(node).getBytes());
}

function ed25519Pkcs8Der(seed: Uint8Array): Uint8Array {
  const asn1 = forge.asn1;
  const node = asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, "\x00"),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, [
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer("1.3.101.112").getBytes()),
    ]),
    asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, asn1.toDer(asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, toBinary(seed))).getBytes()),
  ]);
  return fromBinary(asn1.toDer(node).getBytes());
}

/** Sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for ECDSA, PKCS#8 for Ed25519. */
function keyToPem(key: PrivateKey): string {
  switch (key.kind) {
    case "rsa":
      return pemEncode("RSA PRIVATE KEY", fromBinary(forge.asn1.toDer(forge.pki.privateKeyToAsn1(key.key)).getBytes()));
    case "ecdsa":
      return pemEncode("EC PRIVATE KEY", ecPrivateKeyDer(key.d));
    case "ed25519":
      return pemEncode("PRIVATE KEY", ed25519Pkcs8Der(key.seed));
  }
}

function generatePrivateKey(typ: string, ctx: FuncContext): string {
  switch (typ) {
    case "":
    case "rsa":
      return keyToPem(generateRsa(ctx, 4096));
    case "ecdsa":
      return keyToPem({ kind: "ecdsa", d: p256.utils.randomSecretKey(ctx.randomBytes(48).slice(0, 48)) });
    case "ed25519":
      return keyToPem({ kind: "ed25519", seed: ctx.randomBytes(32).slice(0, 32) });
    case "dsa":
      throw new FuncError("failed to generate private key: DSA keys are not supported by this implementation");
    default:
      return "Unknown type " + typ;
  }
}

/**
 * Sprig's parsePrivateKeyPEM, for the RSA keys node-forge can sign with; the error text is the library's and
 * each caller adds its own prefix.
 */
function parseRsaKeyPem(pem: string, prefix: string): forge.pki.rsa.PrivateKey {
  const fail = (msg: string) => new FuncError(`${prefix}: ${msg}`);
  const block = pemDecode(pem);
  if (!block) throw fail("no PEM data in input");
  if (block.type !== "PRIVATE KEY" && !block.type.endsWith(" PRIVATE KEY")) throw fail(`no private key data in PEM block of type ${block.type}`);
  const kind = block.type === "PRIVATE KEY" ? "PKCS#8" : block.type.slice(0, -" PRIVATE KEY".length);
  if (kind !== "PKCS#8" && kind !== "RSA" && kind !== "EC" && kind !== "DSA") throw fail(`invalid private key type ${block.type}`);
  let key: forge.pki.PrivateKey | null = null;
  try {
    key = forge.pki.privateKeyFromPem(pem);
  } catch (e) {
    if (kind === "RSA") throw fail(`parsing RSA private key from PEM: ${(e as Error).message}`);
    if (kind === "PKCS#8") throw fail(`decoding PEM as PKCS#8: ${(e as Error).message}`);
  }
  if (key && "n" in key) return key as forge.pki.rsa.PrivateKey;
  throw fail(`${kind} keys are not supported for certificates by this implementation (only RSA)`);
}

// ---- certificates --------------------------------------------------------------------------------------------

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

function parseIp(s: string): string | null {
  if (/^(\d{1,3})(\.\d{1,3}){3}$/.test(s) && s.split(".").every((p) => Number(p) <= 255 && !(p.length > 1 && p.startsWith("0")))) return s;
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

function stringList(v: GoValue, what: (x: GoValue) => string): string[] {
  if (v === null) return [];
  const items = Array.isArray(v) ? v : [];
  return items.map((x) => {
    if (typeof x !== "string") throw new FuncError(what(x));
    return x;
  });
}

interface CertRequest {
  cn: string;
  ips: string[];
  dns: string[];
  days: number;
  isCA: boolean;
}

function serialNumber(ctx: FuncContext): string {
  const bytes = ctx.randomBytes(16).slice(0, 16);
  let hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").replace(/^(00)+(?=.)/, "");
  if (parseInt(hex[0], 16) >= 8) hex = "00" + hex;
  return hex;
}

function buildCertificate(req: CertRequest, key: forge.pki.rsa.PrivateKey, signer: { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } | null, ctx: FuncContext): Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = serialNumber(ctx);
  const now = ctx.now();
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + req.days * 24 * 3600 * 1000);
  cert.setSubject([{ name: "commonName", value: req.cn }]);
  cert.setIssuer(signer ? signer.cert.subject.attributes : [{ name: "commonName", value: req.cn }]);
  const extensions: object[] = [
    { name: "keyUsage", critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: req.isCA },
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    { name: "basicConstraints", critical: true, cA: req.isCA },
  ];
  if (req.isCA) extensions.push({ name: "subjectKeyIdentifier" });
  const signerSkid = signer?.cert.getExtension("subjectKeyIdentifier") as { subjectKeyIdentifier?: string } | null | undefined;
  if (signerSkid?.subjectKeyIdentifier) extensions.push({ name: "authorityKeyIdentifier", keyIdentifier: forge.util.hexToBytes(signerSkid.subjectKeyIdentifier) });
  if (req.dns.length || req.ips.length) {
    extensions.push({
      name: "subjectAltName",
      altNames: [...req.dns.map((value) => ({ type: 2, value })), ...req.ips.map((ip) => ({ type: 7, ip }))],
    });
  }
  cert.setExtensions(extensions);
  cert.sign(signer ? signer.key : key, forge.md.sha256.create());
  const der = fromBinary(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes());
  return { cert: pemEncode("CERTIFICATE", der), key: keyToPem({ kind: "rsa", key }) };
}

function certRequest(cn: GoValue, ips: GoValue, dns: GoValue, days: GoValue, isCA: boolean): CertRequest {
  const ipList = stringList(ips, (x) => `error parsing ip: ${String(x)} is not a string`).map((s) => {
    const ip = parseIp(s);
    if (!ip) throw new FuncError(`error parsing ip: ${s}`);
    return ip;
  });
  const dnsList = stringList(dns, (x) => `error processing alternate dns name: ${String(x)} is not a string`);
  return { cn: strArg(cn), ips: ipList, dns: dnsList, days: intArg(days), isCA };
}

function signerOf(ca: Certificate): { cert: forge.pki.Certificate; key: forge.pki.rsa.PrivateKey } {
  let cert: forge.pki.Certificate;
  if (!pemDecode(ca.cert)) throw new FuncError("unable to decode certificate");
  try {
    cert = forge.pki.certificateFromPem(ca.cert);
  } catch (e) {
    throw new FuncError(`error parsing certificate: decodedSignerCert.Bytes: ${(e as Error).message}`);
  }
  return { cert, key: parseRsaKeyPem(ca.key, "error parsing private key") };
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
  if (!pemDecode(cert)) throw new FuncError("unable to decode certificate");
  try {
    forge.pki.certificateFromPem(cert);
  } catch (e) {
    throw new FuncError(`error parsing certificate: decodedCert.Bytes: ${(e as Error).message}`);
  }
  parseRsaKeyPem(key, "error parsing private key");
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

/** Sprig's certificate functions generate 2048-bit RSA keys. */
function rsaKey(ctx: FuncContext): forge.pki.rsa.PrivateKey {
  return (generateRsa(ctx, 2048) as { key: forge.pki.rsa.PrivateKey }).key;
}

export function cryptoFunctions(): FunctionTable {
  const ca = (withKey: boolean) =>
    fn(withKey ? ["string", "int", "string"] : ["string", "int"], ([cn, days, pem], ctx) => {
      const key = withKey ? parseRsaKeyPem(strArg(pem), "parsing private key") : rsaKey(ctx);
      return certificateValue(buildCertificate(certRequest(cn, null, null, days, true), key, null, ctx));
    });
  const selfSigned = (withKey: boolean) =>
    fn(
      withKey ? ["string", "[]interface {}", "[]interface {}", "int", "string"] : ["string", "[]interface {}", "[]interface {}", "int"],
      ([cn, ips, dns, days, pem], ctx) => {
        const req = certRequest(cn, ips, dns, days, false);
        const key = withKey ? parseRsaKeyPem(strArg(pem), "parsing private key") : rsaKey(ctx);
        return certificateValue(buildCertificate(req, key, null, ctx));
      },
    );
  const signed = (withKey: boolean) =>
    fn(
      withKey
        ? ["string", "[]interface {}", "[]interface {}", "int", "interface {}", "string"]
        : ["string", "[]interface {}", "[]interface {}", "int", "interface {}"],
      ([cn, ips, dns, days, caValue, pem], ctx) => {
        const signer = signerOf(certificateArg(caValue));
        const req = certRequest(cn, ips, dns, days, false);
        const key = withKey ? parseRsaKeyPem(strArg(pem), "parsing private key") : rsaKey(ctx);
        return certificateValue(buildCertificate(req, key, signer, ctx));
      },
    );
  return {
    bcrypt: fn(["string"], ([s], ctx) => bcryptHash(strArg(s), ctx)),
    htpasswd: fn(["string", "string"], ([user, pass], ctx) => {
      if (strArg(user).includes(":")) return `invalid username: ${strArg(user)}`;
      return `${strArg(user)}:${bcryptHash(strArg(pass), ctx)}`;
    }),
    genPrivateKey: fn(["string"], ([typ], ctx) => generatePrivateKey(strArg(typ), ctx)),
    derivePassword: fn(["uint32", "string", "string", "string", "string"], ([counter, typ, password, user, site]) =>
      derivePassword(intArg(counter), strArg(typ), strArg(password), strArg(user), strArg(site)),
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
