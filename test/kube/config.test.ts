/** Kubeconfig resolution: explicit file, KUBECONFIG with several files, context override, plain-HTTP servers. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadKubeConfig } from "@/lib/kube/config";

const dir = mkdtempSync(path.join(tmpdir(), "hookline-kubeconfig-"));

function kubeconfig(file: string, opts: { cluster: string; server: string; context: string; namespace?: string; current?: string }): string {
  const full = path.join(dir, file);
  writeFileSync(
    full,
    `apiVersion: v1
kind: Config
clusters:
- name: ${opts.cluster}
  cluster:
    server: ${opts.server}
users:
- name: u-${opts.cluster}
  user:
    token: t-${opts.cluster}
contexts:
- name: ${opts.context}
  context:
    cluster: ${opts.cluster}
    user: u-${opts.cluster}
${opts.namespace ? `    namespace: ${opts.namespace}\n` : ""}${opts.current ? `current-context: ${opts.current}\n` : ""}`,
  );
  return full;
}

const saved = process.env.KUBECONFIG;
afterEach(() => {
  if (saved === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = saved;
});

describe("loadKubeConfig", () => {
  const first = kubeconfig("a.yaml", { cluster: "alpha", server: "https://alpha.example:6443", context: "alpha", namespace: "apps", current: "alpha" });
  const second = kubeconfig("b.yaml", { cluster: "beta", server: "http://127.0.0.1:18080/", context: "beta" });

  it("reads an explicit file and the context's namespace", () => {
    const resolved = loadKubeConfig({ kubeconfigPath: first });
    expect(resolved.server).toBe("https://alpha.example:6443");
    expect(resolved.namespace).toBe("apps");
  });

  it("merges every file in KUBECONFIG; the first file's current context wins, --kube-context overrides it", () => {
    process.env.KUBECONFIG = [first, second].join(path.delimiter);
    expect(loadKubeConfig().server).toBe("https://alpha.example:6443");
    const beta = loadKubeConfig({ context: "beta" });
    expect(beta.server).toBe("http://127.0.0.1:18080");
    expect(beta.namespace).toBe("default");
  });

  it("an explicit path ignores KUBECONFIG", () => {
    process.env.KUBECONFIG = first;
    expect(loadKubeConfig({ kubeconfigPath: second, context: "beta" }).server).toBe("http://127.0.0.1:18080");
  });

  it("rejects an unknown context", () => {
    expect(() => loadKubeConfig({ kubeconfigPath: first, context: "gamma" })).toThrow('context "gamma" does not exist');
  });

  it("accepts plain-HTTP servers (as kubectl and helm do) and still sends the token", async () => {
    const { kubeConfig } = loadKubeConfig({ kubeconfigPath: second, context: "beta" });
    const opts: { headers?: Record<string, string> } = {};
    await kubeConfig.applyToHTTPSOptions(opts);
    expect(opts.headers?.Authorization).toBe("Bearer t-beta");
  });
});
