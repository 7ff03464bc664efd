/**
 * Release JSON against the real helm 4.1.4: `helm install --dry-run=client -o json` prints a release without a
 * cluster. Hookline must parse it, write back the very same bytes, and survive the storage encoding unchanged.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { helmBinary } from "@/test/helpers/binaries";
import { decodeRelease, decodeReleaseJson, encodeRelease, marshalRelease, parseRelease } from "@/lib/release";

const run = promisify(execFile);
const SHARED = path.resolve(process.cwd(), "..", "shared");
const PROBES = path.join(SHARED, "spec", "probe-charts");
const CORPUS = path.join(SHARED, "corpus", "charts");

async function helmDryRun(chartDir: string, extraArgs: string[] = []): Promise<string> {
  const helm = await helmBinary();
  const { stdout } = await run(
    helm,
    ["install", "rel", chartDir, "-n", "ns1", "--dry-run=client", "-o", "json", ...extraArgs],
    { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, HELM_CACHE_HOME: "/tmp/hookline-helm-cache" } },
  );
  return stdout.trim();
}

const cases: Array<{ label: string; dir: string; args?: string[] }> = [
  { label: "probe hk (hooks, notes, odd values)", dir: path.join(PROBES, "hk"), args: ["--set", "a=b", "--set", "z.y=<&>", "--set", "n=10", "--set", "9=nine", "--set", "10=ten"] },
  { label: "probe w (weights, policies)", dir: path.join(PROBES, "w") },
  { label: "probe dup (duplicate events)", dir: path.join(PROBES, "dup") },
  { label: "probe apiprobe-chart", dir: path.join(PROBES, "apiprobe-chart"), args: ["--labels", "team=a"] },
  { label: "corpus bitnami nginx", dir: path.join(CORPUS, "bitnami__nginx") },
  { label: "corpus cert-manager", dir: path.join(CORPUS, "cert-manager__cert-manager") },
  { label: "corpus kube-state-metrics", dir: path.join(CORPUS, "prometheus-community__kube-state-metrics") },
];

describe("release JSON written by helm 4.1.4", () => {
  for (const c of cases) {
    it.skipIf(!existsSync(c.dir))(`${c.label}: parse + marshal is byte-identical, encode/decode round-trips`, async () => {
      const helmJson = await helmDryRun(c.dir, c.args);
      const release = parseRelease(JSON.parse(helmJson));
      expect(release.name).toBe("rel");
      expect(release.namespace).toBe("ns1");
      expect(release.info.status).toBe("pending-install");
      expect(release.apply_method).toBe("ssa");

      expect(marshalRelease(release)).toBe(helmJson);

      const encoded = encodeRelease(release);
      expect(decodeReleaseJson(encoded)).toBe(helmJson);
      expect(decodeRelease(encoded)).toEqual(release);
    });
  }

  it.skipIf(!existsSync(PROBES))("keeps helm's nanosecond timestamps and sorts numeric map keys as Go does", async () => {
    const helmJson = await helmDryRun(path.join(PROBES, "hk"), ["--set", "9=nine", "--set", "10=ten"]);
    const release = parseRelease(JSON.parse(helmJson));
    expect(release.info.first_deployed).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/);
    expect(helmJson).toContain('"config":{"10":"ten","9":"nine"}');
    expect(marshalRelease(release)).toContain('"config":{"10":"ten","9":"nine"}');
    const hooks = release.hooks.map((h) => h.name);
    expect(hooks).toContain("job-b");
    expect(hooks).not.toContain("unknown-hook");
  });
});
