/**
 * X.509 certificates the way Sprig's genCA/genSelfSignedCert/genSignedCert build them with Go's
 * x509.CreateCertificate: CN-only subject, 128-bit random serial, NotBefore = now, key usages, server and
 * client auth, basic constraints, a SubjectKeyId for CAs and an AuthorityKeyId from the signer. node-forge
 * lays out the TBSCertificate; keys of every kind Sprig supports (RSA, ECDSA P-256, Ed25519) are put in and
 * sign it through keys.ts.
 */
import { sha1 } from "@noble/hashes/legacy.js";
import forge from "node-forge";
import { bits, der, pemDecode, pemEncode, seq, sign, signatureAlgorithm, subjectPublicKeyInfo, toBinary, type PrivateKey } from "./keys";
import { FuncError, type FuncContext } from "./types";

export interface CertRequest {
  cn: string;
  ips: string[];
  dns: string[];
  days: number;
  isCA: boolean;
}

export interface Signer {
  subject: forge.pki.CertificateField[];
  subjectKeyId: string | null;
  key: PrivateKey;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** A stand-in RSA key so forge will lay out a TBSCertificate; its SubjectPublicKeyInfo is replaced afterwards. */
const PLACEHOLDER_KEY = forge.pki.setRsaPublicKey(new forge.jsbn.BigInteger("3", 16), new forge.jsbn.BigInteger("3", 16));

function serialNumber(ctx: FuncContext): string {
  let s = hex(ctx.randomBytes(16).slice(0, 16)).replace(/^(00)+(?=.)/, "");
  if (parseInt(s[0], 16) >= 8) s = "00" + s;
  return s;
}

/** x509.CreateCertificate(template, parent, subjectKey.Public(), signer.key) as PEM. */
export function createCertificate(req: CertRequest, subjectKey: PrivateKey, signer: Signer | null, ctx: FuncContext): string {
  const spki = subjectPublicKeyInfo(subjectKey);
  const cert = forge.pki.createCertificate();
  cert.publicKey = PLACEHOLDER_KEY;
  cert.serialNumber = serialNumber(ctx);
  const now = ctx.now();
  cert.validity.notBefore = now;
  cert.validity.notAfter = new Date(now.getTime() + req.days * 24 * 3600 * 1000);
  cert.setSubject([{ name: "commonName", value: req.cn }]);
  cert.setIssuer(signer ? signer.subject : [{ name: "commonName", value: req.cn }]);
  const extensions: object[] = [
    { name: "keyUsage", critical: true, digitalSignature: true, keyEncipherment: true, keyCertSign: req.isCA },
    { name: "extKeyUsage", serverAuth: true, clientAuth: true },
    { name: "basicConstraints", critical: true, cA: req.isCA },
  ];
  // Go derives a CA's SubjectKeyId from the SHA-1 of its public key bits.
  if (req.isCA) extensions.push({ name: "subjectKeyIdentifier", subjectKeyIdentifier: hex(sha1(spki.keyBits)) });
  if (signer?.subjectKeyId) extensions.push({ name: "authorityKeyIdentifier", keyIdentifier: forge.util.hexToBytes(signer.subjectKeyId) });
  if (req.dns.length || req.ips.length) {
    extensions.push({ name: "subjectAltName", altNames: [...req.dns.map((value) => ({ type: 2, value })), ...req.ips.map((ip) => ({ type: 7, ip }))] });
  }
  cert.setExtensions(extensions);
  const signingKey = signer ? signer.key : subjectKey;
  (cert as unknown as { siginfo: { algorithmOid: string } }).siginfo.algorithmOid = forge.pki.oids.sha256WithRSAEncryption;
  const tbs = (forge.pki as unknown as { getTBSCertificate(c: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate(cert);
  const fields = tbs.value as forge.asn1.Asn1[];
  fields[2] = signatureAlgorithm(signingKey);
  fields[6] = spki.node;
  const signature = sign(signingKey, der(tbs), ctx);
  return pemEncode("CERTIFICATE", der(seq([tbs, signatureAlgorithm(signingKey), bits(signature)])));
}

/**
 * Reads what signing needs from a PEM certificate of any key type: forge only parses RSA keys, so the
 * SubjectPublicKeyInfo is swapped for the placeholder before parsing the rest.
 */
export function parseSignerCertificate(pem: string, context: string): { subject: forge.pki.CertificateField[]; subjectKeyId: string | null } {
  const block = pemDecode(pem);
  if (!block || block.type !== "CERTIFICATE") throw new FuncError("unable to decode certificate");
  try {
    const node = forge.asn1.fromDer(toBinary(block.der));
    const tbs = (node.value as forge.asn1.Asn1[])[0];
    const fields = tbs.value as forge.asn1.Asn1[];
    const spkiIndex = fields[0].tagClass === forge.asn1.Class.CONTEXT_SPECIFIC ? 6 : 5;
    fields[spkiIndex] = forge.pki.publicKeyToAsn1(PLACEHOLDER_KEY);
    const cert = forge.pki.certificateFromAsn1(node);
    const skid = cert.getExtension("subjectKeyIdentifier") as { subjectKeyIdentifier?: string } | null;
    return { subject: cert.subject.attributes, subjectKeyId: skid?.subjectKeyIdentifier ?? null };
  } catch (e) {
    throw new FuncError(`error parsing certificate: ${context}: ${(e as Error).message}`);
  }
}

