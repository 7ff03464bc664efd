import { describe, expect, it } from "vitest";
import { buildHookPlan, splitRenderedFile, type PlannedHook } from "@/lib/hooks";
import { goAtoi } from "@/lib/hooks/go-semantics";
import { doc, writeChart } from "./fixtures";
import { expectPlanMatchesHelm } from "./compare";
import { helmDryRunInstall } from "./helm-oracle";

/** A hook document; `annotations` holds one `key: value` per line. */
function hookDoc(name: string, annotations: string, kind = "ConfigMap", apiVersion = "v1"): string {
  const annotationLines = annotations.split("\n").map((line) => `    ${line}`);
  return [`apiVersion: ${apiVersion}`, `kind: ${kind}`, "metadata:", `  name: ${name}`, "  annotations:", ...annotationLines].join("\n");
}

function allHooks(docs: ReturnType<typeof doc>[]): PlannedHook[] {
  const plan = buildHookPlan(docs);
  return Object.values(plan.events).flat();
}

describe("weights parse like Go's strconv.Atoi", () => {
  it.each([
    ["5", 5],
    ["+5", 5],
    ["05", 5],
    ["-7", -7],
    ["-0", 0],
    ["9223372036854775807", 9223372036854775807],
  ])("%j → %d", (text, weight) => expect(goAtoi(text)).toBe(weight));

  it.each([" 5", "5 ", "5.0", "1e3", "abc", "", "0x10", "1_000", "99999999999999999999", "-9223372036854775809"])(
    "%j is rejected",
    (text) => expect(goAtoi(text)).toBeUndefined(),
  );
});

describe("events", () => {
  it("trims, lower-cases, keeps duplicates and maps test-success to test", () => {
    const docs = [
      doc("c/templates/a.yaml", hookDoc("twice", `helm.sh/hook: "pre-install, PRE-INSTALL"`)),
      doc("c/templates/a.yaml", hookDoc("legacy", `helm.sh/hook: " Test-Success "`, "Pod")),
    ];
    const plan = buildHookPlan(docs);
    expect(plan.events["pre-install"].map((h) => [h.name, h.runs, h.events])).toEqual([
      ["twice", 2, ["pre-install", "pre-install"]],
      ["twice", 2, ["pre-install", "pre-install"]],
    ]);
    expect(plan.events.test.map((h) => h.name)).toEqual(["legacy"]);
  });

  it("drops the whole object when any event is unknown, empty, or a stray comma", () => {
    const docs = ["pre-install,bogus", '""', "pre-install,", "crd-install"].map((value, i) =>
      doc("c/templates/a.yaml", hookDoc(`d${i}`, `helm.sh/hook: ${value}`)),
    );
    const plan = buildHookPlan(docs);
    expect(Object.values(plan.events).flat()).toEqual([]);
    expect(plan.dropped.map((d) => [d.name, d.unknownEvents])).toEqual([
      ["d0", ["bogus"]],
      ["d1", [""]],
      ["d2", [""]],
      ["d3", ["crd-install"]],
    ]);
    expect(plan.dropped[0]).toMatchObject({ source: "c/templates/a.yaml", line: 6, column: 19 });
  });

  it("treats objects with other annotations, or none, as ordinary resources", () => {
    const docs = [
      doc("c/templates/a.yaml", hookDoc("plain", `helm.sh/resource-policy: keep`)),
      doc("c/templates/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bare\n"),
    ];
    const plan = buildHookPlan(docs);
    expect(Object.values(plan.events).flat()).toEqual([]);
    expect(plan.dropped).toEqual([]);
  });
});

describe("delete and output-log policies", () => {
  it("defaults to before-hook-creation only when the annotation is absent", () => {
    const [absent, empty, bogus, mixed] = allHooks([
      doc("c/templates/a.yaml", hookDoc("a-absent", "helm.sh/hook: pre-install")),
      doc("c/templates/a.yaml", hookDoc("b-empty", `helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: ""`)),
      doc("c/templates/a.yaml", hookDoc("c-bogus", "helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: bogus")),
      doc("c/templates/a.yaml", hookDoc("d-mixed", "helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: Hook-Succeeded , before-hook-creation")),
    ]);
    expect(absent).toMatchObject({ deletePolicies: ["before-hook-creation"], defaultDeletePolicy: true });
    expect(empty).toMatchObject({ deletePolicies: [""], defaultDeletePolicy: false });
    expect(empty!.beforeNextRun).toMatch(/not deleted first/);
    expect(absent!.beforeNextRun).toMatch(/without waiting for the deletion/);
    expect(buildHookPlan([doc("c/templates/a.yaml", hookDoc("x", "helm.sh/hook: pre-install"))], { wait: "watcher" }).events["pre-install"][0]!.beforeNextRun).toMatch(/deletion awaited/);
    expect(bogus).toMatchObject({ deletePolicies: ["bogus"], onSuccess: "retained", onFailure: "retained" });
    expect(mixed).toMatchObject({ deletePolicies: ["hook-succeeded", "before-hook-creation"], onSuccess: "deleted (hook-succeeded)" });
  });

  it("describes success, failure, waiting and log copying per kind", () => {
    const [job, pod, crd, cm] = allHooks([
      doc("c/templates/a.yaml", hookDoc("a-job", "helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: hook-failed,hook-succeeded\nhelm.sh/hook-output-log-policy: hook-failed", "Job", "batch/v1")),
      doc("c/templates/a.yaml", hookDoc("b-pod", "helm.sh/hook: pre-install\nhelm.sh/hook-output-log-policy: Hook-Succeeded", "Pod")),
      doc("c/templates/a.yaml", hookDoc("c-crd", "helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: hook-succeeded,hook-failed", "CustomResourceDefinition", "apiextensions.k8s.io/v1")),
      doc("c/templates/a.yaml", hookDoc("d-cm", "helm.sh/hook: pre-install\nhelm.sh/hook-output-log-policy: hook-failed\nhelm.sh/resource-policy: keep")),
    ]);
    expect(job).toMatchObject({ waited: true, onSuccess: "deleted (hook-succeeded)", onFailure: "deleted (hook-failed)", logsCopied: ["hook-failed"] });
    expect(job!.onLaterHookFailure).toBe("deleted (hook-succeeded)");
    expect(pod!.onLaterHookFailure).toBe("retained");
    expect(pod).toMatchObject({ waited: true, onSuccess: "retained", onFailure: "retained", logsCopied: ["hook-succeeded"] });
    expect(crd).toMatchObject({ waited: false, onSuccess: "retained", onFailure: "retained" });
    expect(crd!.beforeNextRun).toMatch(/never deleted/);
    expect(cm).toMatchObject({ waited: false, logsCopied: [], resourcePolicyKeep: true, namespace: "default" });
  });

  it("uses metadata.namespace or the release namespace from the options", () => {
    const docs = [
      doc("c/templates/a.yaml", hookDoc("own", "helm.sh/hook: pre-install").replace("metadata:\n", "metadata:\n  namespace: ops\n")),
      doc("c/templates/a.yaml", hookDoc("release", "helm.sh/hook: pre-install")),
    ];
    const hooks = buildHookPlan(docs, { namespace: "shop" }).events["pre-install"];
    expect(hooks.map((h) => [h.name, h.namespace])).toEqual([
      ["own", "ops"],
      ["release", "shop"],
    ]);
  });
});

describe("parsing agrees with helm v4.1.4", () => {
  it("on weights, policies, YAML-typed values, events and dropped objects", async () => {
    const weights = ["+5", "05", "1e3", "5.0", " 5", "-0", "99999999999999999999", "-7", "abc", ""];
    const templates = {
      "weights.yaml": weights
        .map((w, i) => hookDoc(`w${i}`, `helm.sh/hook: post-install\nhelm.sh/hook-weight: ${JSON.stringify(w)}`))
        .join("\n---\n"),
      "typed.yaml": [
        hookDoc("t-int", "helm.sh/hook: pre-install\nhelm.sh/hook-weight: 5"),
        hookDoc("t-hex", "helm.sh/hook: pre-install\nhelm.sh/hook-weight: 0x10\nhelm.sh/hook-delete-policy: yes"),
        hookDoc("t-float", "helm.sh/hook: pre-install\nhelm.sh/hook-weight: 3.0"),
        hookDoc("t-null", "helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy:"),
        hookDoc("t-small", "helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: 0.0000001\nhelm.sh/hook-output-log-policy: 123456789012345678901"),
        hookDoc("t-million", "helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: 1000000.0, 0.5\nhelm.sh/hook-output-log-policy: -2.5e-3"),
        hookDoc("t-uint", "helm.sh/hook: pre-install\nhelm.sh/hook-weight: 18446744073709551615\nhelm.sh/hook-delete-policy: 12345.678"),
        hookDoc("t-octal", "helm.sh/hook: pre-install\nhelm.sh/hook-weight: 010\nhelm.sh/hook-delete-policy: 0b101"),
        ...["1_000", "0o17", "0X_1F", "-0B11", "0b12", "0o8", "0xg", "1:20", ".5", "1.", ".inf", "08", "Yes", "y", "~", "NULL", "2001-12-14", "-.5e+2"].map((value, i) =>
          hookDoc(`t-scalar-${i}`, `helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: ${value}\nhelm.sh/hook-weight: ${value}`),
        ),
      ].join("\n---\n"),
      "policies.yaml": [
        hookDoc("p-empty", `helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: ""\nhelm.sh/hook-output-log-policy: "Hook-Failed , bogus"`),
        hookDoc("p-bogus", `helm.sh/hook: pre-install\nhelm.sh/hook-delete-policy: "bogus"`),
        hookDoc("p-dup", `helm.sh/hook: "pre-install, PRE-INSTALL,test-success"`),
        hookDoc("p-unknown", `helm.sh/hook: pre-install,bogus`),
        hookDoc("p-blank", `helm.sh/hook: ""`),
      ].join("\n---\n"),
    };
    const chart = await writeChart("parse", templates);
    const release = await helmDryRunInstall("r", chart);
    // The templates contain no actions, so each file renders to itself; helm template would hide dropped objects.
    const plan = buildHookPlan(Object.entries(templates).flatMap(([file, text]) => splitRenderedFile(`parse/templates/${file}`, text)));
    expectPlanMatchesHelm(plan, release.hooks);
    expect(plan.dropped.map((d) => d.name).sort()).toEqual(["p-blank", "p-unknown"]);
    // Dropped objects are not resources either.
    expect(release.manifest).not.toMatch(/p-unknown|p-blank/);
  });
});

describe("documents helm refuses, and duplicate keys", () => {
  const refused = {
    "a list": "- a\n- b\n",
    "a string": "just a string\n",
    "a list as name": "kind: ConfigMap\nmetadata:\n  name: [a]\n",
    "a list as metadata": "kind: ConfigMap\nmetadata: [1]\n",
    "a list as annotation value": "kind: ConfigMap\nmetadata:\n  annotations:\n    x: [1]\n",
    "broken YAML": "kind: ConfigMap\nmetadata: {name: x\n",
  };

  it.each(Object.entries(refused))("%s aborts helm's render and is reported as invalid", async (_, text) => {
    const chart = await writeChart("bad", { "a.yaml": text });
    await expect(helmDryRunInstall("r", chart)).rejects.toThrow(/YAML parse error on bad\/templates\/a\.yaml/);
    const plan = buildHookPlan(splitRenderedFile("bad/templates/a.yaml", text));
    expect(plan.invalid).toEqual([expect.objectContaining({ source: "bad/templates/a.yaml" })]);
  });

  it("lets the last of duplicate annotation keys win, like helm", async () => {
    const text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook: bogus\n";
    const chart = await writeChart("dup", { "a.yaml": text });
    const release = await helmDryRunInstall("r", chart);
    expect(release.hooks).toEqual([]);
    expect(buildHookPlan(splitRenderedFile("dup/templates/a.yaml", text)).dropped.map((d) => d.name)).toEqual(["dup"]);
  });
});
