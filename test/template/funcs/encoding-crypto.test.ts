import { X509Certificate, createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import bcryptjs from "bcryptjs";
import forge from "node-forge";
import { describe, expect, it } from "vitest";
import { digestNative } from "@/lib/render/node-func-context";
import { formatValue } from "@/lib/template/fmt";
import { randomInt } from "@/lib/template/funcs/random";
import { GoInt, goSlice, type GoStruct } from "@/lib/template/value";
import { call, callWith, failure, int, makeContext, seededBytes, show } from "./call";

describe("encodings and checksums", () => {
  it("match Go's encoders, decoders and error offsets", () => {
    expect(show("b64enc", "hello")).toBe("aGVsbG8=");
    expect(show("b64dec", "aGVsbG8=")).toBe("hello");
    expect(show("b64dec", "!!!")).toBe("illegal base64 data at input byte 0");
    expect(show("b64dec", "aGVsbG8")).toBe("illegal base64 data at input byte 4");
    expect(show("b64dec", "aGVsbG8=x")).toBe("illegal base64 data at input byte 8");
    expect(show("b64dec", "aGVs\nbG8=")).toBe("hello");
    expect(show("b64dec", "a===")).toBe("illegal base64 data at input byte 1");
    expect(show("b64enc", "")).toBe("");
    expect(show("b32enc", "hello")).toBe("NBSWY3DP");
    expect(show("b32enc", "f")).toBe("MY======");
    expect(show("b32dec", "NBSWY3DP")).toBe("hello");
    expect(show("b32dec", "MZXW6===")).toBe("foo");
    expect(show("b32dec", "NBSWY3D")).toBe("illegal base32 data at input byte 0");
    expect(show("b32dec", "NBSWY3DP=")).toBe("illegal base32 data at input byte 8");
    expect(show("b32dec", "M1======")).toBe("illegal base32 data at input byte 1");
  });
  it("hash the UTF-8 bytes", () => {
    expect(show("sha256sum", "hello")).toBe("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    expect(show("sha1sum", "hello")).toBe("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
    expect(show("adler32sum", "hello")).toBe("103547413");
    expect(show("adler32sum", "")).toBe("1");
    expect(show("trunc", int(16), call("sha512sum", ""))).toBe("cf83e1357eefb8bd");
  });
  it("hash with the context's digest when it offers one, to the same hex as the library's own hashes", () => {
    const asked: string[] = [];
    const ctx = makeContext({ digest: (algorithm, data) => (asked.push(algorithm), digestNative(algorithm, data)) });
    const text = "héllo ".repeat(5000);
    for (const name of ["sha1sum", "sha256sum", "sha512sum"]) expect(callWith(ctx, name, text)).toBe(show(name, text));
    expect(asked).toEqual(["sha1", "sha256", "sha512"]);
  });
});

describe("random functions use the context's random bytes", () => {
  it("produce the documented shapes", () => {
    expect(show("randAlphaNum", int(10))).toMatch(/^[A-Za-z0-9]{10}$/);
    expect(show("randAlpha", int(12))).toMatch(/^[A-Za-z]{12}$/);
    expect(show("randNumeric", int(8))).toMatch(/^[0-9]{8}$/);
    expect(show("randAscii", int(20))).toMatch(/^[\x20-\x7e]{20}$/);
    expect(show("randAlphaNum", int(-1))).toBe("");
    expect(show("uuidv4")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(show("randBytes", int(6))).toHaveLength(8);
    expect([...show("shuffle", "abcdef")].sort().join("")).toBe("abcdef");
  });
  it("are reproducible from the same byte stream and differ between streams", () => {
    const a = callWith(makeContext({ randomBytes: seededBytes(7) }), "randAlphaNum", int(16));
    const b = callWith(makeContext({ randomBytes: seededBytes(7) }), "randAlphaNum", int(16));
    const c = callWith(makeContext({ randomBytes: seededBytes(8) }), "randAlphaNum", int(16));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });
  it("draw a random string's bytes at once: 7 per character, each character from its own 7 bytes", () => {
    const draws: number[] = [];
    const stream = seededBytes(9);
    const ctx = makeContext({ randomBytes: (n) => (draws.push(n), stream(n)) });
    const s = callWith(ctx, "randAlphaNum", int(24)) as string;
    expect(draws).toEqual([7 * 24]);
    // The same stream read 7 bytes at a time by randomInt gives the same characters.
    const again = seededBytes(9);
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    const expected = Array.from({ length: 24 }, () => alphabet[randomInt(makeContext({ randomBytes: again }), alphabet.length)]).join("");
    expect(s).toBe(expected);
  });
});

describe("passwords and AES", () => {
  it("derivePassword is the Master Password algorithm", () => {
    const u32 = (n: number) => new GoInt(n, "uint32");
    expect(show("derivePassword", u32(1), "long", "password", "user", "example.com")).toBe("ZedaFaxcZaso9*");
    expect(show("derivePassword", u32(3), "pin", "pw", "me", "x.org")).toBe("0254");
    expect(show("derivePassword", u32(1), "maximum", "pw", "me", "x.org")).toBe("g0-7XJ*eNTo&jt4POl2J");
    expect(show("derivePassword", u32(1), "nope", "pw", "me", "x.org")).toBe("cannot find password template nope");
  });
  it("decrypts what Go's encryptAES produced and round-trips its own output", () => {
    expect(show("decryptAES", "secretkey", "v/ITbhXFqXtfOgckGnxfaccdEgnW/kYD/KI9PtInIHM=")).toBe("plaintext");
    expect(show("decryptAES", "a-very-long-password-longer-than-32-bytes!!", "+k6S+3N3iPkruHjNwsyLjnH74uGpPTCovViYzYIWDIQt6EyHZHoyUmQ5ddq6uvyw")).toBe(
      "héllo wörld, sixteen+ bytes",
    );
    const enc = call("encryptAES", "k", "round trip") as string;
    expect(show("decryptAES", "k", enc)).toBe("round trip");
    expect(show("encryptAES", "k", "")).toBe("");
    expect(show("decryptAES", "k", "")).toBe("");
    expect(failure("decryptAES", "k", "abc")).toBe("illegal base64 data at input byte 0");
    expect(failure("decryptAES", "k", "YWJj")).toBe("runtime error: slice bounds out of range [:16] with capacity 3");
  });
  it("bcrypt and htpasswd produce $2a$10$ hashes that verify, and accept Go's", () => {
    const hash = call("bcrypt", "pw") as string;
    expect(hash).toMatch(/^\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptjs.compareSync("pw", hash)).toBe(true);
    expect(bcryptjs.compareSync("pw", "$2a$10$rHPUhhA8MMqHidrfNV/ZF.Z6uO7KUS6B5jp0QgE9ZseJM7X43mY.q")).toBe(true);
    const line = call("htpasswd", "admin", "secret") as string;
    expect(line.startsWith("admin:$2a$10$")).toBe(true);
    expect(bcryptjs.compareSync("secret", line.slice("admin:".length))).toBe(true);
    expect(show("htpasswd", "a:b", "x")).toBe("invalid username: a:b");
  });
});

describe("keys and certificates", () => {
  it("genPrivateKey writes Go's PEM blocks", () => {
    const ec = show("genPrivateKey", "ecdsa");
    expect(ec).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n([A-Za-z0-9+/=]{1,64}\n)+-----END EC PRIVATE KEY-----\n$/);
    const ed = show("genPrivateKey", "ed25519");
    expect(ed.startsWith("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI")).toBe(true);
    expect(show("genPrivateKey", "bogus")).toBe("Unknown type bogus");
  });
  it("genPrivateKey makes a working L2048N256 DSA key in Sprig's layout", () => {
    const pem = show("genPrivateKey", "dsa");
    expect(pem.startsWith("-----BEGIN DSA PRIVATE KEY-----\n")).toBe(true);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe("dsa");
    expect(key.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048, divisorLength: 256 });
    const signature = cryptoSign("sha256", Buffer.from("x"), key);
    expect(cryptoVerify("sha256", Buffer.from("x"), createPublicKey(key), signature)).toBe(true);
  }, 120_000);
  it("genPrivateKey makes a working 4096-bit RSA key in PKCS#1 form", () => {
    const pem = show("genPrivateKey", "rsa");
    expect(pem.startsWith("-----BEGIN RSA PRIVATE KEY-----\n")).toBe(true);
    const key = forge.pki.privateKeyFromPem(pem) as forge.pki.rsa.PrivateKey;
    expect(key.n.bitLength()).toBe(4096);
    expect(key.e.toString()).toBe("65537");
    const md = forge.md.sha256.create();
    md.update("signed by a template");
    const signature = key.sign(md);
    expect(forge.pki.setRsaPublicKey(key.n, key.e).verify(md.digest().bytes(), signature)).toBe(true);
  }, 120_000);
  it("genCA, genSignedCert and buildCustomCert produce verifiable RSA certificates", () => {
    const ca = call("genCA", "my-ca", int(365)) as GoStruct;
    expect(call("typeOf", ca)).toBe("sprig.certificate");
    const caPem = ca.field("Cert") as string;
    expect(caPem.startsWith("-----BEGIN CERTIFICATE-----\n")).toBe(true);
    expect((ca.field("Key") as string).startsWith("-----BEGIN RSA PRIVATE KEY-----\n")).toBe(true);
    const caCert = forge.pki.certificateFromPem(caPem);
    expect(caCert.subject.getField("CN").value).toBe("my-ca");
    expect((caCert.getExtension("basicConstraints") as { cA: boolean }).cA).toBe(true);
    expect(caCert.validity.notAfter.getTime() - caCert.validity.notBefore.getTime()).toBe(365 * 86400 * 1000);

    const leaf = call("genSignedCert", "svc", goSlice(["10.0.0.1"]), goSlice(["svc.local"]), int(30), ca) as GoStruct;
    const leafCert = forge.pki.certificateFromPem(leaf.field("Cert") as string);
    expect(caCert.verify(leafCert)).toBe(true);
    expect(leafCert.issuer.getField("CN").value).toBe("my-ca");
    const san = leafCert.getExtension("subjectAltName") as { altNames: { type: number; value?: string; ip?: string }[] };
    expect(san.altNames.map((n) => (n.type === 7 ? n.ip : n.value))).toEqual(["svc.local", "10.0.0.1"]);

    const b64 = (s: string) => call("b64enc", s) as string;
    const custom = call("buildCustomCert", b64(leaf.field("Cert") as string), b64(leaf.field("Key") as string)) as GoStruct;
    expect(custom.field("Cert")).toBe(leaf.field("Cert"));
    expect(failure("buildCustomCert", "!!", "")).toBe("unable to decode base64 certificate");
    expect(failure("genSelfSignedCert", "x", goSlice(["not-an-ip"]), null, int(1))).toBe("error parsing ip: not-an-ip");
    expect(formatValue(custom).startsWith("{-----BEGIN CERTIFICATE-----")).toBe(true);
  });
  it("certificates can carry and be signed by ECDSA and Ed25519 keys", () => {
    const ecKey = call("genPrivateKey", "ecdsa") as string;
    const edKey = call("genPrivateKey", "ed25519") as string;
    expect(createPrivateKey(ecKey).asymmetricKeyDetails?.namedCurve).toBe("prime256v1");
    expect(createPrivateKey(edKey).asymmetricKeyType).toBe("ed25519");

    const ecCa = call("genCAWithKey", "ec-ca", int(10), ecKey) as GoStruct;
    const ecCaCert = new X509Certificate(ecCa.field("Cert") as string);
    expect(ecCaCert.ca).toBe(true);
    expect(ecCaCert.publicKey.asymmetricKeyType).toBe("ec");
    expect(ecCaCert.verify(ecCaCert.publicKey)).toBe(true);
    expect(ecCa.field("Key")).toBe(ecKey);

    const edLeaf = call("genSignedCertWithKey", "svc", null, goSlice(["svc.local"]), int(5), ecCa, edKey) as GoStruct;
    const edLeafCert = new X509Certificate(edLeaf.field("Cert") as string);
    expect(edLeafCert.publicKey.asymmetricKeyType).toBe("ed25519");
    expect(edLeafCert.verify(ecCaCert.publicKey)).toBe(true);
    expect(edLeafCert.checkIssued(ecCaCert)).toBe(true);
    expect(edLeafCert.subjectAltName).toBe("DNS:svc.local");

    const edSelf = new X509Certificate((call("genSelfSignedCertWithKey", "me", goSlice(["127.0.0.1"]), null, int(1), edKey) as GoStruct).field("Cert") as string);
    expect(edSelf.verify(edSelf.publicKey)).toBe(true);
    expect(edSelf.subject).toBe("CN=me");
    expect(failure("genCAWithKey", "x", int(1), "nope")).toBe("parsing private key: no PEM data in input");
  });
  it("signs with CAs that helm v4.1.4 generated (fixtures/go-made-cas.json)", () => {
    const cas = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "go-made-cas.json"), "utf8")) as Record<string, string>;
    for (const [cert, key] of [
      [cas.rsaCert, cas.rsaKey],
      [cas.ecCert, cas.ecKey],
    ]) {
      const b64 = (s: string) => call("b64enc", s) as string;
      const ca = call("buildCustomCert", b64(cert), b64(key)) as GoStruct;
      const leaf = new X509Certificate((call("genSignedCert", "leaf", null, null, int(1), ca) as GoStruct).field("Cert") as string);
      const caCert = new X509Certificate(cert);
      expect(leaf.checkIssued(caCert)).toBe(true);
      expect(leaf.verify(caCert.publicKey)).toBe(true);
      expect(leaf.issuer).toBe(caCert.subject);
    }
  });
});
