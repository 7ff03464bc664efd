/**
 * Private keys as Sprig handles them: generation (RSA, DSA, ECDSA P-256, Ed25519), Go's PEM encodings
 * (PKCS#1, SEC 1, PKCS#8, Sprig's DSA layout), parsing Sprig's parsePrivateKeyPEM accepts, the SubjectPublicKeyInfo of each key
 * and signing for X.509 (SHA256-RSA, ECDSA-SHA256, pure Ed25519).
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import { p256 } from "@noble/curves/nist.js";
import forge from "node-forge";
import { base64Decode, base64Encode } from "./encoding";
import { generateDsaKey, type DsaKey } from "./dsa-keygen";
import { generateRsaKey } from "./rsa-keygen";
import { signPkcs1v15Sha256 } from "./rsa-sign";
import { FuncError, type FuncContext } from "./types";

export type PrivateKey =
  | { kind: "rsa"; key: forge.pki.rsa.PrivateKey }
  | { kind: "dsa"; key: DsaKey }
  | { kind: "ecdsa"; d: Uint8Array }
  | { kind: "ed25519"; seed: Uint8Array };

const asn1 = forge.asn1;
export const toBinary = (b: Uint8Array) => forge.util.binary.raw.encode(b);
export const fromBinary = (s: string) => forge.util.binary.raw.decode(s);

const OID = {
  ecPublicKey: "1.2.840.10045.2.1",
  p256: "1.2.840.10045.3.1.7",
  ed25519: "1.3.101.112",
  rsaEncryption: "1.2.840.113549.1.1.1",
  sha256WithRSA: "1.2.840.113549.1.1.11",
  ecdsaWithSHA256: "1.2.840.10045.4.3.2",
};

const seq = (items: forge.asn1.Asn1[]) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.SEQUENCE, true, items);
const oid = (id: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(id).getBytes());
const octets = (b: Uint8Array) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OCTETSTRING, false, toBinary(b));
const bits = (b: Uint8Array) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.BITSTRING, false, "\x00" + toBinary(b));
const der = (node: forge.asn1.Asn1) => fromBinary(asn1.toDer(node).getBytes());

// ---- PEM ---------------------------------------------------------------------------------------------------

/** encoding/pem.EncodeToMemory: 64-column base64 lines, LF line ends. */
export function pemEncode(type: string, body: Uint8Array): string {
  const lines = base64Encode(body).match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.map((l) => l + "\n").join("")}-----END ${type}-----\n`;
}

export function pemDecode(text: string): { type: string; der: Uint8Array } | null {
  const m = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n(?:[A-Za-z-]+:.*\r?\n)*([\s\S]*?)-----END \1-----/.exec(text);
  if (!m) return null;
  try {
    return { type: m[1], der: base64Decode(m[2].replace(/\s+/g, "")) };
  } catch {
    return null;
  }
}

// ---- generation and encoding -------------------------------------------------------------------------------

export function generateRsa(ctx: FuncContext, size: number): PrivateKey {
  const k = generateRsaKey(ctx, size);
  const big = (x: bigint) => new forge.jsbn.BigInteger(x.toString(16), 16);
  return { kind: "rsa", key: forge.pki.setRsaPrivateKey(big(k.n), big(k.e), big(k.d), big(k.p), big(k.q), big(k.dp), big(k.dq), big(k.qinv)) };
}

export function generateDsa(ctx: FuncContext): PrivateKey {
  return { kind: "dsa", key: generateDsaKey(ctx) };
}

export function generateEcdsa(ctx: FuncContext): PrivateKey {
  return { kind: "ecdsa", d: p256.utils.randomSecretKey(ctx.randomBytes(48).slice(0, 48)) };
}

export function generateEd25519(ctx: FuncContext): PrivateKey {
  return { kind: "ed25519", seed: ctx.randomBytes(32).slice(0, 32) };
}

function ecPrivateKeyDer(d: Uint8Array): Uint8Array {
  return der(
    seq([
      asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, "\x01"),
      octets(d),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 0, true, [oid(OID.p256)]),
      asn1.create(asn1.Class.CONTEXT_SPECIFIC, 1, true, [bits(p256.getPublicKey(d, false))]),
    ]),
  );
}

function ed25519Pkcs8Der(seed: Uint8Array): Uint8Array {
  return der(seq([asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, "\x00"), seq([oid(OID.ed25519)]), octets(der(octets(seed)))]));
}

function integer(n: bigint): forge.asn1.Asn1 {
  let h = n.toString(16);
  if (h.length % 2) h = "0" + h;
  if (parseInt(h[0], 16) >= 8) h = "00" + h;
  return asn1.create(asn1.Class.UNIVERSAL, asn1.Type.INTEGER, false, forge.util.hexToBytes(h));
}

/** Sprig's pemBlockForKey: PKCS#1 for RSA, SEC 1 for ECDSA, PKCS#8 for Ed25519, Sprig's own layout for DSA. */
export function keyToPem(key: PrivateKey): string {
  switch (key.kind) {
    case "dsa": {
      const k = key.key;
      return pemEncode("DSA PRIVATE KEY", der(seq([integer(0n), integer(k.p), integer(k.q), integer(k.g), integer(k.y), integer(k.x)])));
    }
    case "rsa":
      return pemEncode("RSA PRIVATE KEY", der(forge.pki.privateKeyToAsn1(key.key)));
    case "ecdsa":
      return pemEncode("EC PRIVATE KEY", ecPrivateKeyDer(key.d));
    case "ed25519":
      return pemEncode("PRIVATE KEY", ed25519Pkcs8Der(key.seed));
  }
}

// ---- parsing -----------------------------------------------------------------------------------------------

function parseEcPrivateKey(body: Uint8Array): PrivateKey {
  const node = asn1.fromDer(toBinary(body));
  const items = node.value as forge.asn1.Asn1[];
  const d = fromBinary(items[1].value as string);
  const params = items.find((i) => i.tagClass === asn1.Class.CONTEXT_SPECIFIC && i.type === 0);
  if (params) {
    const curve = asn1.derToOid((params.value as forge.asn1.Asn1[])[0].value as string);
    if (curve !== OID.p256) throw new Error("x509: unknown elliptic curve");
  }
  const padded = new Uint8Array(32);
  padded.set(d.subarray(Math.max(0, d.length - 32)), Math.max(0, 32 - d.length));
  return { kind: "ecdsa", d: padded };
}

function parsePkcs8(body: Uint8Array): PrivateKey {
  const node = asn1.fromDer(toBinary(body));
  const items = node.value as forge.asn1.Asn1[];
  const algorithm = asn1.derToOid((items[1].value as forge.asn1.Asn1[])[0].value as string);
  const inner = fromBinary(items[2].value as string);
  if (algorithm === OID.rsaEncryption) return { kind: "rsa", key: forge.pki.privateKeyFromAsn1(node) as forge.pki.rsa.PrivateKey };
  if (algorithm === OID.ecPublicKey) return parseEcPrivateKey(inner);
  if (algorithm === OID.ed25519) return { kind: "ed25519", seed: fromBinary(asn1.fromDer(toBinary(inner)).value as string) };
  throw new Error(`x509: PKCS#8 wrapping contained private key with unknown algorithm: ${algorithm}`);
}

/** Sprig's parsePrivateKeyPEM; `prefix` is what the calling function puts before the library's message. */
export function parsePrivateKeyPem(pem: string, prefix: string): PrivateKey {
  const fail = (msg: string) => new FuncError(`${prefix}: ${msg}`);
  const block = pemDecode(pem);
  if (!block) throw fail("no PEM data in input");
  if (block.type === "PRIVATE KEY") {
    try {
      return parsePkcs8(block.der);
    } catch (e) {
      throw fail(`decoding PEM as PKCS#8: ${(e as Error).message}`);
    }
  }
  if (!block.type.endsWith(" PRIVATE KEY")) throw fail(`no private key data in PEM block of type ${block.type}`);
  const kind = block.type.slice(0, -" PRIVATE KEY".length);
  try {
    if (kind === "RSA") return { kind: "rsa", key: forge.pki.privateKeyFromAsn1(asn1.fromDer(toBinary(block.der))) as forge.pki.rsa.PrivateKey };
    if (kind === "EC") return parseEcPrivateKey(block.der);
  } catch (e) {
    throw fail(`parsing ${kind} private key from PEM: ${(e as Error).message}`);
  }
  if (kind === "DSA") throw fail("DSA keys cannot sign certificates in this implementation");
  throw fail(`invalid private key type ${block.type}`);
}

// ---- public keys and signatures ----------------------------------------------------------------------------

/** The SubjectPublicKeyInfo of a key, as an ASN.1 node, and the raw key bits (for SubjectKeyId). */
export function subjectPublicKeyInfo(key: PrivateKey): { node: forge.asn1.Asn1; keyBits: Uint8Array } {
  switch (key.kind) {
    case "dsa":
      throw new FuncError("x509: only RSA, ECDSA and Ed25519 keys supported");
    case "rsa": {
      const node = forge.pki.publicKeyToAsn1(forge.pki.setRsaPublicKey(key.key.n, key.key.e));
      const bitString = (node.value as forge.asn1.Asn1[])[1].value as string;
      return { node, keyBits: fromBinary(bitString.slice(1)) };
    }
    case "ecdsa": {
      const point = p256.getPublicKey(key.d, false);
      return { node: seq([seq([oid(OID.ecPublicKey), oid(OID.p256)]), bits(point)]), keyBits: point };
    }
    case "ed25519": {
      const pub = ed25519.getPublicKey(key.seed);
      return { node: seq([seq([oid(OID.ed25519)]), bits(pub)]), keyBits: pub };
    }
  }
}

/** The AlgorithmIdentifier Go's x509.CreateCertificate picks for a signer of this kind. */
export function signatureAlgorithm(key: PrivateKey): forge.asn1.Asn1 {
  switch (key.kind) {
    case "dsa":
      throw new FuncError("x509: only RSA, ECDSA and Ed25519 keys supported");
    case "rsa":
      return seq([oid(OID.sha256WithRSA), asn1.create(asn1.Class.UNIVERSAL, asn1.Type.NULL, false, "")]);
    case "ecdsa":
      return seq([oid(OID.ecdsaWithSHA256)]);
    case "ed25519":
      return seq([oid(OID.ed25519)]);
  }
}

export function sign(key: PrivateKey, message: Uint8Array, ctx: FuncContext): Uint8Array {
  switch (key.kind) {
    case "dsa":
      throw new FuncError("x509: only RSA, ECDSA and Ed25519 keys supported");
    case "rsa": {
      const k = key.key;
      const big = (x: forge.jsbn.BigInteger | undefined) => (x ? BigInt("0x" + x.toString(16)) : undefined);
      const [n, e, d, p, q, dp, dq, qinv] = [big(k.n)!, big(k.e)!, big(k.d)!, big(k.p), big(k.q), big(k.dP), big(k.dQ), big(k.qInv)];
      const crt = p && q && dp && dq && qinv ? { p, q, dp, dq, qinv } : undefined;
      if (crt && ctx.signRsaSha256) return ctx.signRsaSha256({ n, e, d, ...crt }, message);
      return signPkcs1v15Sha256({ n, d, crt }, message);
    }
    case "ecdsa":
      return p256.sign(message, key.d, { format: "der", lowS: false });
    case "ed25519":
      return ed25519.sign(message, key.seed);
  }
}

export { der, seq, bits };
