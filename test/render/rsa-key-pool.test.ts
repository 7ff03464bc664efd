import { execFile } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { createPrivateKey, X509Certificate } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { generateRsaKeyNative, generateRsaKeyNativeAsync, nodeFuncContext } from "@/lib/render/node-func-context";
import { RsaKeyPool, type AsyncRsaGenerator } from "@/lib/render/rsa-key-pool";
import { renderChartTemplates } from "@/lib/template";
import { helmCodecFunctions, sprigFunctions } from "@/lib/template/funcs";
import type { RsaKeyComponents } from "@/lib/template/funcs/types";
import { GoMap } from "@/lib/template/value";

const run = promisify(execFile);

/** Stand-in keys numbered in generation order, so that tests can see where each came from. */
function countingGenerators() {
  let serial = 0n;
  const made: RsaKeyComponents[] = [];
  const key = (bits: number) => {
    const k = { n: ++serial, e: BigInt(bits), d: 0n, p: 0n, q: 0n, dp: 0n, dq: 0n, qinv: 0n };
    made.push(k);
    return k;
  };
  const generateAsync: AsyncRsaGenerator = (bits, done) => setImmediate(() => done(null, key(bits)));
  return { made, generateSync: key, generateAsync };
}

describe("RSA key pool", () => {
  it("generates synchronously when empty, refills after the first use, and hands out every key once", async () => {
    const g = countingGenerators();
    const pool = new RsaKeyPool({ generateSync: g.generateSync, generateAsync: g.generateAsync, maxReady: 3 });
    expect(pool.stats().startedInBackground).toBe(0);
    const render1 = [pool.take(2048), pool.take(2048), pool.take(4096)]; // one render: 2 + 1 keys, none ready
    expect(pool.stats()).toMatchObject({ fromStock: 0, generatedSync: 3, startedInBackground: 0 });
    await pool.idle();
    expect(pool.stats().ready).toEqual({ 2048: 2, 4096: 1 }); // the stock follows one render's demand
    const render2 = [pool.take(2048), pool.take(2048), pool.take(4096), pool.take(2048)];
    expect(pool.stats()).toMatchObject({ fromStock: 3, generatedSync: 4 });
    await pool.idle();
    expect(pool.stats().ready).toEqual({ 2048: 3, 4096: 1 }); // grown to 3 (the cap), not beyond
    const all = [...render1, ...render2, ...Array.from({ length: 5 }, () => pool.take(2048))];
    expect(new Set(all).size).toBe(all.length);
    expect(new Set(all.map((k) => k.n)).size).toBe(all.length);
    expect(all.filter((k) => k.e === 4096n)).toHaveLength(2);
  });

  it("falls back to synchronous generation when background generation fails", async () => {
    const g = countingGenerators();
    const pool = new RsaKeyPool({ generateSync: g.generateSync, generateAsync: (_b, done) => setImmediate(() => done(new Error("no"))) });
    pool.take(2048);
    await pool.idle();
    expect(pool.take(2048).n).toBe(2n);
    expect(pool.stats()).toMatchObject({ fromStock: 0, generatedSync: 2, startedInBackground: 1 });
  });

  it("gives fresh, distinct, consistent OpenSSL keys of the size asked", async () => {
    const pool = new RsaKeyPool({ generateSync: generateRsaKeyNative, generateAsync: generateRsaKeyNativeAsync, maxReady: 2 });
    const keys = [pool.take(2048), pool.take(2048)];
    await pool.idle();
    keys.push(pool.take(2048), pool.take(2048));
    expect(pool.stats()).toMatchObject({ fromStock: 2, generatedSync: 2 });
    expect(new Set(keys.map((k) => k.n)).size).toBe(4);
    for (const k of keys) {
      expect(k.n.toString(2)).toHaveLength(2048);
      expect(k.p * k.q).toBe(k.n);
      expect(k.e).toBe(65537n);
      expect(k.dq).toBe(k.d % (k.q - 1n));
      expect((k.qinv * k.q) % k.p).toBe(1n);
    }
  });

  it("feeds genCA and genSelfSignedCert through the Node context: OpenSSL reads the PEMs, the certificate verifies", async () => {
    const chart = {
      name: "c",
      metadata: { apiVersion: "v2", name: "c", version: "0.1.0" },
      templates: [{ name: "templates/t.yaml", data: '{{ $ca := genCA "x" 1 }}{{ $ca.Cert }}{{ $ca.Key }}{{ (genSelfSignedCert "y" nil nil 1).Key }}' }],
      files: [],
      values: new GoMap(),
      dependencies: [],
    };
    const options = { functions: { ...sprigFunctions(), ...helmCodecFunctions() }, funcContext: nodeFuncContext };
    const render = () => renderChartTemplates(chart, options).get("c/templates/t.yaml") ?? "";
    const first = render();
    const { rsaKeyPool } = await import("@/lib/render/node-func-context");
    await rsaKeyPool.idle();
    const before = rsaKeyPool.stats().fromStock;
    const second = render(); // both keys from the stock now
    expect(rsaKeyPool.stats().fromStock - before).toBe(2);
    for (const text of [first, second]) {
      const [certPem = "", caKeyPem = "", keyPem = "", ...rest] = text.match(/-----BEGIN [A-Z ]+-----\n[^-]+-----END [A-Z ]+-----\n/g) ?? [];
      expect(rest).toEqual([]);
      expect([certPem, caKeyPem, keyPem].map((p) => p.split("\n")[0])).toEqual(["-----BEGIN CERTIFICATE-----", "-----BEGIN RSA PRIVATE KEY-----", "-----BEGIN RSA PRIVATE KEY-----"]);
      const cert = new X509Certificate(certPem);
      expect(cert.verify(cert.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(caKeyPem))).toBe(true);
      expect(createPrivateKey(keyPem).asymmetricKeyDetails?.modulusLength).toBe(2048);
    }
    expect(second).not.toBe(first);
  }, 30_000);

  it("does not keep a one-shot process alive: with nothing else to do it exits before any refill starts", async () => {
    const child = (extra: string[]) =>
      run(process.execPath, ["--import", "tsx", path.resolve("test/render/fixtures/take-one-key.ts"), ...extra], { timeout: 20_000 });
    const [oneShot, staying] = await Promise.all([child([]), child(["stay"])]);
    expect(JSON.parse(oneShot.stdout)).toMatchObject({ generatedSync: 1, startedInBackground: 0 });
    // The same process kept alive by something else (a server's socket, here a timer) does refill.
    expect(JSON.parse(staying.stdout)).toMatchObject({ generatedSync: 1, startedInBackground: 1, ready: { 2048: 1 } });
  }, 30_000);

  it("leaves nothing running in a CLI process: hookline template generates its keys when asked, none in the background", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "hookline-keys-"));
    try {
      mkdirSync(path.join(dir, "templates"));
      writeFileSync(path.join(dir, "Chart.yaml"), "apiVersion: v2\nname: keys\nversion: 0.1.0\n");
      writeFileSync(path.join(dir, "templates", "s.yaml"), '{{ $ca := genCA "ca" 1 }}apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  ca.crt: {{ $ca.Cert | b64enc }}\n');
      const hook = path.resolve("test/render/fixtures/count-key-generations.mjs");
      const { stdout, stderr } = await run(process.execPath, ["--import", hook, path.resolve("bin/hookline"), "template", "r", dir], { timeout: 60_000 });
      expect(stdout).toContain("ca.crt: ");
      expect(stderr).toContain('prime generations {"now":2,"background":0}'); // one key, two primes
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
