/**
 * Kubernetes impersonation (HOOKLINE_KUBE_IMPERSONATE): a cluster client made with `impersonate` sends
 * Impersonate-User and one Impersonate-Group per group on every request, the sandbox records the impersonated user
 * in its audit log as the API server does, and the release records an impersonated upgrade writes are the same
 * helm-compatible records as without impersonation. Over HTTP against the sandbox; the real helm reads the result.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInstall, runUpgrade, type Renderer } from "@/lib/lifecycle";
import { createKubeClient, impersonationHeaders, kubeImpersonationEnabled } from "@/lib/kube";
import { createReleaseStore, type ReleaseChart } from "@/lib/release";
import { startLifecycleEnv, type LifecycleEnv } from "../lifecycle/helpers/env";
import { renderWithHelmTemplate } from "../lifecycle/helpers/helm-render";

let env: LifecycleEnv;
let chart: ReleaseChart;
let render: Renderer;
const NS = "default";
const ALICE = { user: "alice", groups: ["hookline:operator", "platform-operators", "hookline:operator"] };

beforeAll(async () => {
  env = await startLifecycleEnv();
  ({ chart, render } = await renderWithHelmTemplate());
});
afterAll(async () => {
  await env?.stop();
});

describe("impersonation settings", () => {
  it("is off unless HOOKLINE_KUBE_IMPERSONATE=1, and refuses other values", () => {
    expect(kubeImpersonationEnabled({})).toBe(false);
    expect(kubeImpersonationEnabled({ HOOKLINE_KUBE_IMPERSONATE: "0" })).toBe(false);
    expect(kubeImpersonationEnabled({ HOOKLINE_KUBE_IMPERSONATE: "1" })).toBe(true);
    expect(() => kubeImpersonationEnabled({ HOOKLINE_KUBE_IMPERSONATE: "yes" })).toThrow(/HOOKLINE_KUBE_IMPERSONATE must be 1 or 0/);
  });

  it("sends one Impersonate-Group header per distinct group", () => {
    expect(impersonationHeaders(ALICE)).toEqual({ "Impersonate-User": "alice", "Impersonate-Group": ["hookline:operator", "platform-operators"] });
    expect(impersonationHeaders({ user: "bob", groups: [] })).toEqual({ "Impersonate-User": "bob" });
    expect(() => impersonationHeaders({ user: "", groups: ["x"] })).toThrow(/needs a user/);
  });
});

describe("an upgrade as alice through an impersonating client (sandbox over HTTP)", () => {
  it("is audited by the sandbox as alice with her groups, and leaves helm-compatible release records", async () => {
    const release = "imp";
    const { config } = env.config(NS);
    await runInstall(config, { releaseName: release, namespace: NS, chart, render, values: {} });
    const before = env.mark();

    const asAlice = createKubeClient({ kubeconfigPath: env.kubeconfigPath, impersonate: ALICE });
    const hooks = [{ name: "imp-pre-upgrade", events: "pre-upgrade", kind: "Job", policy: "hook-succeeded" }];
    const upgraded = await runUpgrade(
      { ...config, kube: asAlice, releases: createReleaseStore({ namespace: NS, client: asAlice }) },
      { releaseName: release, namespace: NS, chart, render, values: { hooks, message: "two" }, timeoutMs: 30_000 },
    );
    expect(upgraded.version).toBe(2);

    const installWrites = env.sandbox.audit.entries({ clientsOnly: true }).filter((e) => e.seq <= before && e.namespace === NS);
    expect(installWrites.length).toBeGreaterThan(0);
    expect(installWrites.every((e) => e.impersonatedUser === undefined)).toBe(true);

    const upgradeWrites = env.sandbox.audit.entries({ since: before, clientsOnly: true });
    // The new release record, the hook Job and its deletion, the applied ConfigMap, the superseded old record.
    expect(upgradeWrites.map((e) => `${e.verb} ${e.kind}`)).toEqual(
      expect.arrayContaining(["create Secret", "apply Job", "delete Job", "apply ConfigMap", "update Secret"]),
    );
    for (const entry of upgradeWrites) {
      expect(entry.impersonatedUser, `${entry.verb} ${entry.kind}/${entry.name}`).toEqual({
        username: "alice",
        groups: ["hookline:operator", "platform-operators", "system:authenticated"],
      });
    }
    expect(env.sandbox.audit.entries({ since: before, impersonatedUser: "alice" })).toHaveLength(upgradeWrites.length);

    // The records are the ones helm writes and reads, whoever wrote them.
    const records = await env.records(release, NS);
    expect(records.map((r) => [r.version, r.info.status])).toEqual([
      [1, "superseded"],
      [2, "deployed"],
    ]);
    expect(Object.keys(records[1].labels ?? {}).sort()).toEqual(Object.keys(records[0].labels ?? {}).sort());
    const history = await env.helm(["history", release, "-n", NS, "-o", "json"]);
    expect(history.code, history.stderr).toBe(0);
    expect((JSON.parse(history.stdout) as Array<{ revision: number; status: string }>).map((r) => `${r.revision} ${r.status}`)).toEqual(["1 superseded", "2 deployed"]);
  }, 60_000);

  it("refuses groups without a user, as the API server does", async () => {
    const res = await fetch(`${env.sandbox.url}/api/v1/namespaces/${NS}/configmaps`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Impersonate-Group": "admins" },
      body: JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "no-user" } }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { message: string }).message).toMatch(/without impersonating a user/);
  });
});
