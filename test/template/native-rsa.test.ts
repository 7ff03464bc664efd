import { createPublicKey, generateKeyPairSync, sign, verify, X509Certificate } from "node:crypto";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { generateRsaKeyNative, nodeFuncContext, signRsaSha256Native } from "@/lib/render/node-func-context";
import { renderChartTemplates } from "@/lib/template";
import { helmCodecFunctions, sprigFunctions } from "@/lib/template/funcs";
import { rsaKeyFromPrimes } from "@/lib/template/funcs/rsa-keygen";
import { signPkcs1v15Sha256 } from "@/lib/template/funcs/rsa-sign";
import type { FuncContext } from "@/lib/template/funcs/types";
import { GoMap } from "@/lib/template/value";

const b64u = (n: bigint) => {
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, "hex").toString("base64url");
};

describe("native RSA keys for genPrivateKey", () => {
  it("gives a consistent 4096-bit key (n = p·q, d·e ≡ 1 mod λ-compatible, CRT parts match)", () => {
    const k = generateRsaKeyNative(4096);
    expect(k.n.toString(2)).toHaveLength(4096);
    expect(k.p * k.q).toBe(k.n);
    expect(k.e).toBe(65537n);
    expect((k.d * k.e) % (k.p - 1n)).toBe(1n);
    expect(k.dp).toBe(k.d % (k.p - 1n));
    expect((k.qinv * k.q) % k.p).toBe(1n);
  });

  it("makes 2048-bit keys OpenSSL accepts and signs with, p the larger prime, both of 1024 bits", () => {
    for (let i = 0; i < 3; i++) {
      const k = generateRsaKeyNative(2048);
      expect([k.n.toString(2).length, k.p.toString(2).length, k.q.toString(2).length]).toEqual([2048, 1024, 1024]);
      expect(k.p > k.q).toBe(true);
      expect((k.d * k.e) % ((k.p - 1n) * (k.q - 1n))).toBe(1n);
      const message = new TextEncoder().encode(`message ${i}`);
      const signature = signRsaSha256Native(k, message);
      const publicKey = createPublicKey({ key: { kty: "RSA", n: b64u(k.n), e: b64u(k.e) }, format: "jwk" });
      expect(verify("sha256", message, publicKey, signature)).toBe(true);
    }
  });

  it("refuses a pair of primes Go's generator would not return: equal, or a modulus one bit short", () => {
    const p = 0xfffffffbn; // prime, 32 bits
    const q = 0xffffffefn; // prime, 32 bits
    expect(rsaKeyFromPrimes(p, p, 64)).toBeUndefined();
    expect(rsaKeyFromPrimes(p, q, 64)?.n).toBe(p * q);
    expect(rsaKeyFromPrimes(q, p, 64)?.p).toBe(p);
    expect(rsaKeyFromPrimes(0x8000000bn, 0x8000002dn, 64)).toBeUndefined(); // (2^31+11)·(2^31+45) has 63 bits
  });

  it("is used by genPrivateKey when the context offers it, and the PEM is a valid key", () => {
    const calls: number[] = [];
    const ctx: FuncContext = {
      now: () => new Date("2026-11-24T00:00:00Z"),
      randomBytes: (n) => crypto.getRandomValues(new Uint8Array(n)),
      timeZone: "UTC",
      generateRsaKey: (bits) => {
        calls.push(bits);
        return generateRsaKeyNative(bits);
      },
    };
    const fns = { ...sprigFunctions(), ...helmCodecFunctions() };
    const pem = fns.genPrivateKey.call(ctx, ["rsa"]) as string;
    expect(calls).toEqual([4096]);
    expect(pem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n/);
    const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
    expect(key.n.bitLength()).toBe(4096);
  });

  it("reaches the functions through the engine's render options (genCA and genPrivateKey use it)", () => {
    const calls: number[] = [];
    const out = renderChartTemplates(
      {
        name: "c",
        metadata: { apiVersion: "v2", name: "c", version: "0.1.0" },
        templates: [{ name: "templates/t.yaml", data: '{{ $ca := genCA "x" 1 }}{{ $ca.Cert }}{{ genSignedCert "y" nil nil 1 $ca | toJson }}' }],
        files: [],
        values: new GoMap(),
        dependencies: [],
      },
      { functions: { ...sprigFunctions(), ...helmCodecFunctions() }, funcContext: { generateRsaKey: (bits) => (calls.push(bits), generateRsaKeyNative(bits)) } },
    );
    expect(calls).toEqual([2048, 2048]);
    const text = out.get("c/templates/t.yaml") ?? "";
    const ca = new X509Certificate(text.slice(0, text.indexOf("-----END CERTIFICATE-----") + 26));
    const leafPem = (JSON.parse(text.slice(text.indexOf("{"))) as { Cert: string }).Cert;
    // The leaf is signed by the CA, the CA by itself: both signatures made by rsa-sign verify with OpenSSL.
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(new X509Certificate(leafPem).verify(ca.publicKey)).toBe(true);
  });
});

describe("RSASSA-PKCS1-v1_5 SHA-256 signing on BigInts", () => {
  it("gives OpenSSL's signature bytes, with and without the CRT parts", () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const jwk = privateKey.export({ format: "jwk" });
    const num = (s: string | undefined) => BigInt(`0x${Buffer.from(s ?? "", "base64url").toString("hex")}`);
    const message = new TextEncoder().encode("to be signed: a TBSCertificate");
    const expected = new Uint8Array(sign("sha256", message, privateKey));
    const crt = { p: num(jwk.p), q: num(jwk.q), dp: num(jwk.dp), dq: num(jwk.dq), qinv: num(jwk.qi) };
    expect(signPkcs1v15Sha256({ n: num(jwk.n), d: num(jwk.d), crt }, message)).toEqual(expected);
    expect(signPkcs1v15Sha256({ n: num(jwk.n), d: num(jwk.d) }, message)).toEqual(expected);
    expect(verify("sha256", message, createPublicKey(privateKey), expected)).toBe(true);
  });
});


describe("native RSA signing for genCA and genSignedCert", () => {
  it("gives the BigInt signer's bytes, for keys whose numbers have a leading zero byte or none", () => {
    for (let i = 0; i < 4; i++) {
      const k = generateRsaKeyNative(1024);
      const message = new TextEncoder().encode(`certificate ${i}`);
      const native = signRsaSha256Native(k, message);
      const own = signPkcs1v15Sha256({ n: k.n, d: k.d, crt: { p: k.p, q: k.q, dp: k.dp, dq: k.dq, qinv: k.qinv } }, message);
      expect(native).toEqual(own);
    }
  });

  it("signs the certificates of a render when the context offers it, and they verify", () => {
    let signed = 0;
    const ctx: Partial<FuncContext> = {
      ...nodeFuncContext,
      signRsaSha256: (key, message) => {
        signed++;
        return signRsaSha256Native(key, message);
      },
    };
    const chart = {
      name: "c",
      metadata: { name: "c", version: "1" },
      templates: [
        {
          name: "templates/certs.yaml",
          data: '{{- $ca := genCA "ca" 30 }}{{- $leaf := genSignedCert "leaf" nil (list "leaf.example") 30 $ca }}ca: {{ $ca.Cert | b64enc }}\nleaf: {{ $leaf.Cert | b64enc }}\n',
        },
      ],
      files: [],
      values: new GoMap(),
      dependencies: [],
    };
    const out = renderChartTemplates(chart, { funcContext: ctx }).get("c/templates/certs.yaml")!;
    const [, caB64] = /ca: (\S+)/.exec(out)!;
    const [, leafB64] = /leaf: (\S+)/.exec(out)!;
    const ca = new X509Certificate(Buffer.from(caB64, "base64").toString());
    const leaf = new X509Certificate(Buffer.from(leafB64, "base64").toString());
    expect(signed).toBe(2);
    expect(ca.verify(ca.publicKey)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subject).toContain("CN=leaf");
  });
});
