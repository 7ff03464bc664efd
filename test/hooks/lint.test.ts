import { describe, expect, it } from "vitest";
import { lintHooks, type LintFinding, type RenderedDocument } from "@/lib/hooks";
import { doc, yaml } from "./fixtures";

const SOURCE = "shop/templates/hooks.yaml";

function findings(docs: RenderedDocument[], options = {}): LintFinding[] {
  return lintHooks(docs, options);
}

/** A clean hook Job: every rule should be satisfied by it. */
const goodJob = yaml`
  apiVersion: batch/v1
  kind: Job
  metadata:
    name: migrate
    annotations:
      helm.sh/hook: pre-upgrade
      helm.sh/hook-weight: "1"
      helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
  spec:
    backoffLimit: 1
    template:
      spec:
        restartPolicy: Never
        containers:
          - name: migrate
            image: migrate:1
`;

describe("a clean hook", () => {
  it("has no findings", () => {
    expect(findings([doc(SOURCE, goodJob)])).toEqual([]);
  });
});

describe("annotations Helm never reads", () => {
  it("flags metadata.annotation (singular) as an error at the key, naming the consequence", () => {
    const text = goodJob.replace("  annotations:", "  annotation:");
    const [finding, ...rest] = findings([doc(SOURCE, text, { startLine: 20 })]);
    expect(rest.filter((f) => f.rule === "misplaced-helm-annotation")).toHaveLength(2);
    expect(finding).toMatchObject({ file: SOURCE, line: 25, column: 5, severity: "error", rule: "misplaced-helm-annotation" });
    expect(finding!.message).toMatch(/misspelling of metadata\.annotations.*ordinary resource/);
  });

  it("flags hook annotations on a Job's pod template", () => {
    const text = yaml`
      apiVersion: batch/v1
      kind: Job
      metadata:
        name: migrate
      spec:
        backoffLimit: 1
        template:
          metadata:
            annotations:
              helm.sh/hook: pre-install
          spec:
            restartPolicy: Never
    `;
    expect(findings([doc(SOURCE, text)])).toEqual([
      {
        file: SOURCE,
        line: 10,
        column: 9,
        severity: "error",
        rule: "misplaced-helm-annotation",
        message: expect.stringMatching(/on the pod template \(spec\.template\.metadata\.annotations\), not on the Job itself/),
      },
    ]);
  });

  it("warns about hook annotations on an object without helm.sh/hook", () => {
    const text = goodJob.replace("    helm.sh/hook: pre-upgrade\n", "");
    expect(findings([doc(SOURCE, text)]).map((f) => [f.rule, f.severity, f.line, f.column, f.message])).toEqual([
      ["hook-annotations-without-hook", "warning", 6, 5, "helm.sh/hook-weight, helm.sh/hook-delete-policy have no effect without helm.sh/hook: this object is an ordinary resource of the release."],
    ]);
  });

  it("warns about a keep policy on a pod template, saying what it costs", () => {
    const text = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\nspec:\n  template:\n    metadata:\n      annotations:\n        helm.sh/resource-policy: keep\n";
    expect(findings([doc(SOURCE, text)])).toEqual([
      expect.objectContaining({ line: 9, column: 9, severity: "warning", rule: "misplaced-helm-annotation", message: expect.stringMatching(/uninstall deletes this StatefulSet after all/) }),
    ]);
  });

  it("suggests the right key for a misspelt helm.sh annotation", () => {
    const text = goodJob.replace("helm.sh/hook-delete-policy:", "helm.sh/hook-delete-policies:");
    const finding = findings([doc(SOURCE, text)]).find((f) => f.rule === "misspelt-helm-annotation");
    expect(finding).toMatchObject({ line: 8, column: 5, severity: "warning" });
    expect(finding!.message).toContain('Did you mean "helm.sh/hook-delete-policy"?');
  });
});

describe("annotation values", () => {
  it("reports unknown events as errors with the closest valid event, at the value", () => {
    const text = goodJob.replace("helm.sh/hook: pre-upgrade", "helm.sh/hook: pre-upgrade, post-instal");
    expect(findings([doc(SOURCE, text)])).toEqual([
      expect.objectContaining({ line: 6, column: 19, severity: "error", rule: "unknown-hook-event", message: expect.stringMatching(/drops this object.*"post-instal" is not a hook event\. Did you mean "post-install"\?/) }),
    ]);
  });

  it("explains Helm 2 events, empty values and stray commas", () => {
    const messages = ["crd-install", '""', "pre-install,"].map((value) =>
      findings([doc(SOURCE, goodJob.replace("helm.sh/hook: pre-upgrade", `helm.sh/hook: ${value}`))])
        .filter((f) => f.rule === "unknown-hook-event")
        .map((f) => f.message)
        .join(),
    );
    expect(messages[0]).toMatch(/crds\/ folder/);
    expect(messages[1]).toMatch(/the value is empty/);
    expect(messages[2]).toMatch(/stray comma/);
  });

  it("warns about duplicate events and notes the legacy test-success", () => {
    const dup = findings([doc(SOURCE, goodJob.replace("helm.sh/hook: pre-upgrade", "helm.sh/hook: pre-upgrade,Pre-Upgrade"))]);
    expect(dup.map((f) => [f.rule, f.severity])).toEqual([["duplicate-hook-event", "warning"]]);
    const legacy = findings([doc(SOURCE, goodJob.replace("helm.sh/hook: pre-upgrade", "helm.sh/hook: test-success"))]);
    expect(legacy.map((f) => [f.rule, f.severity])).toEqual([["legacy-test-event", "info"]]);
  });

  it.each([
    ['" 5"', /surrounding whitespace.*would be 5/],
    ['"5.0"', /not an integer/],
    ['"99999999999999999999"', /64-bit/],
    ['""', /empty/],
  ])("warns that weight %s becomes 0", (value, why) => {
    const [finding] = findings([doc(SOURCE, goodJob.replace('helm.sh/hook-weight: "1"', `helm.sh/hook-weight: ${value}`))]);
    expect(finding).toMatchObject({ line: 7, column: 26, severity: "warning", rule: "invalid-hook-weight" });
    expect(finding!.message).toMatch(why);
    expect(finding!.message).toMatch(/uses weight 0/);
  });

  it("errors on unquoted annotation values, saying how YAML reads them", () => {
    const [finding] = findings([doc(SOURCE, goodJob.replace('helm.sh/hook-weight: "1"', "helm.sh/hook-weight: 0x10"))]);
    expect(finding).toMatchObject({ line: 7, column: 26, severity: "error", rule: "annotation-not-string" });
    expect(finding!.message).toMatch(/YAML number, not a string \(Helm reads it as "16"\).*Quote it: "0x10"/);
  });

  it("warns about unknown delete and output-log policies with suggestions", () => {
    const text = goodJob
      .replace("before-hook-creation,hook-succeeded", "hook-succeded")
      .replace("\nspec:\n", "\n    helm.sh/hook-output-log-policy: on-failure\nspec:\n");
    const result = findings([doc(SOURCE, text)]);
    expect(result.map((f) => [f.rule, f.line, f.column])).toEqual([
      ["unknown-delete-policy", 8, 33],
      ["unknown-output-log-policy", 9, 37],
    ]);
    expect(result[0]!.message).toMatch(/Did you mean "hook-succeeded"\?.*before-hook-creation no longer applies/);
    expect(result[1]!.message).toMatch(/Valid values: hook-succeeded, hook-failed/);
  });

  it("warns about resource policies other than exactly keep, and notes them on hooks", () => {
    const resource = (value: string) => doc(SOURCE, `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\n  annotations:\n    helm.sh/resource-policy: ${value}\n`);
    expect(findings([resource("keep")])).toEqual([]);
    expect(findings([resource("Keep")]).map((f) => f.rule)).toEqual(["resource-policy-not-exact"]);
    expect(findings([resource("retain")]).map((f) => [f.rule, f.line, f.column])).toEqual([["unknown-resource-policy", 6, 30]]);
    const onHook = goodJob.replace("\nspec:\n", "\n    helm.sh/resource-policy: keep\nspec:\n");
    expect(findings([doc(SOURCE, onHook)]).map((f) => f.rule)).toEqual(["resource-policy-on-hook"]);
  });
});

describe("how hooks run", () => {
  it("errors on Jobs without restartPolicy Never/OnFailure and warns without backoffLimit", () => {
    const text = goodJob.replace("  backoffLimit: 1\n", "").replace("      restartPolicy: Never\n", "");
    expect(findings([doc(SOURCE, text)]).map((f) => [f.rule, f.severity, f.line, f.column])).toEqual([
      ["job-backoff-limit", "warning", 9, 1],
      ["job-restart-policy", "error", 10, 3],
    ]);
    const always = goodJob.replace("restartPolicy: Never", "restartPolicy: Always");
    expect(findings([doc(SOURCE, always)])).toEqual([
      expect.objectContaining({ rule: "job-restart-policy", line: 13, column: 22, message: expect.stringMatching(/"Always"/) }),
    ]);
  });

  it("errors on Pod hooks that restart forever", () => {
    const pod = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: probe\n  annotations:\n    helm.sh/hook: test\nspec:\n  containers: []\n";
    expect(findings([doc(SOURCE, pod)]).map((f) => [f.rule, f.severity, f.line])).toEqual([["pod-restart-policy", "error", 7]]);
  });

  it("warns about workload hooks Helm does not wait for, and only notes other kinds", () => {
    const deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: warmup\n  annotations:\n    helm.sh/hook: post-install\n";
    const service = deployment.replace("apps/v1", "v1").replace("Deployment", "Service");
    const configMap = deployment.replace("apps/v1", "v1").replace("Deployment", "ConfigMap");
    expect(findings([doc(SOURCE, deployment)]).map((f) => [f.rule, f.severity, f.line, f.column])).toEqual([["hook-not-waited", "warning", 2, 1]]);
    expect(findings([doc(SOURCE, service)]).map((f) => [f.rule, f.severity])).toEqual([["hook-not-waited", "info"]]);
    expect(findings([doc(SOURCE, configMap)])).toEqual([]);
  });

  it("warns when a failed hook is deleted before its logs can be read, unless logs are copied", () => {
    const text = goodJob.replace("before-hook-creation,hook-succeeded", "hook-succeeded,hook-failed");
    expect(findings([doc(SOURCE, text)])).toEqual([
      expect.objectContaining({ rule: "failure-evidence-deleted", severity: "warning", line: 8, column: 33, message: expect.stringMatching(/hook-output-log-policy: hook-failed/) }),
    ]);
    const withLogs = text.replace("\nspec:\n", "\n    helm.sh/hook-output-log-policy: hook-failed\nspec:\n");
    expect(findings([doc(SOURCE, withLogs)])).toEqual([]);
    const ttl = goodJob.replace("  backoffLimit: 1\n", "  backoffLimit: 1\n  ttlSecondsAfterFinished: 0\n");
    expect(findings([doc(SOURCE, ttl)]).map((f) => [f.rule, f.line, f.message.includes("right after")])).toEqual([["failure-evidence-deleted", 11, true]]);
  });

  it("warns about generateName hooks under before-hook-creation", () => {
    const text = goodJob.replace("name: migrate\n", "generateName: migrate-\n");
    expect(findings([doc(SOURCE, text)]).map((f) => [f.rule, f.line, f.column])).toEqual([["hook-without-name", 4, 3]]);
    const explicit = text.replace("before-hook-creation,hook-succeeded", "hook-succeeded");
    expect(findings([doc(SOURCE, explicit)])).toEqual([]);
  });
});

describe("objects with the same identity", () => {
  const configMap = (name: string, extra = "") => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n${extra}`;

  it("errors on a hook that shares kind, name and namespace with a resource, pointing at the later one", () => {
    const docs = [
      doc("shop/templates/config.yaml", configMap("settings")),
      doc(SOURCE, configMap("settings", "  annotations:\n    helm.sh/hook: pre-install\n"), { startLine: 40 }),
    ];
    expect(findings(docs)).toEqual([
      expect.objectContaining({ file: SOURCE, line: 43, column: 9, rule: "duplicate-object", severity: "error", message: expect.stringMatching(/^ConfigMap\/settings in namespace default is also defined as a resource at shop\/templates\/config\.yaml:4/) }),
    ]);
  });

  it("errors on two hooks of one event, and only notes hooks of different events", () => {
    const hookIn = (events: string) => doc(SOURCE, configMap("settings", `  annotations:\n    helm.sh/hook: ${events}\n`));
    expect(findings([hookIn("pre-install,pre-upgrade"), hookIn("pre-upgrade")]).map((f) => [f.rule, f.severity])).toEqual([["duplicate-object", "error"]]);
    const separate = findings([hookIn("pre-install"), hookIn("pre-upgrade")]);
    expect(separate.map((f) => [f.rule, f.severity])).toEqual([["duplicate-object", "info"]]);
    expect(separate[0]!.message).toMatch(/different events/);
  });

  it("tells namespaces apart, except for cluster-scoped kinds", () => {
    const other = doc(SOURCE, configMap("settings", "  namespace: other\n"));
    expect(findings([doc(SOURCE, configMap("settings")), other])).toEqual([]);
    const role = (ns: string) => doc(SOURCE, `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\n  namespace: ${ns}\n`);
    expect(findings([role("a"), role("b")]).map((f) => f.rule)).toEqual(["duplicate-object"]);
    expect(findings([doc(SOURCE, configMap("settings")), other], { namespace: "other" }).map((f) => f.rule)).toEqual(["duplicate-object"]);
  });
});

describe("post hooks that need ready workloads", () => {
  const deployment = doc("shop/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop-web\n  labels:\n    app: shop-web\n");
  const smoke = (url: string) =>
    doc(SOURCE, goodJob.replace("pre-upgrade", "post-install,post-upgrade").replace("image: migrate:1", `image: curl:8\n          args: ["--fail", "${url}"]`));

  it("warns under the default --wait=hookOnly when a container calls a workload of the release", () => {
    expect(findings([deployment, smoke("http://shop-web:8080/healthz")])).toEqual([
      expect.objectContaining({ rule: "post-hook-without-wait", line: 6, column: 19, message: expect.stringMatching(/post-install\/post-upgrade hook uses Deployment\/shop-web/) }),
    ]);
  });

  it("is quiet with --wait=watcher, and when only a longer name contains the workload's name", () => {
    expect(findings([deployment, smoke("http://shop-web:8080/healthz")], { wait: "watcher" })).toEqual([]);
    expect(findings([deployment, smoke("http://shop-web-cache:8080/")])).toEqual([]);
  });
});

describe("positions", () => {
  it("map through the renderer's source map into the template", () => {
    const text = goodJob.replace('helm.sh/hook-weight: "1"', 'helm.sh/hook-weight: "x"');
    const sourceMap = text.split("\n").map((_, i) => (i === 6 ? { line: 12, column: 7 } : { file: "shop/templates/_helpers.tpl", line: 1, column: 1 }));
    expect(findings([doc(SOURCE, text, { sourceMap })])).toEqual([expect.objectContaining({ file: SOURCE, line: 12, column: 7 + 25 })]);
  });

  it("report unparsable documents as errors where the YAML breaks", () => {
    expect(findings([doc(SOURCE, "kind: Job\nmetadata: [unclosed\n", { startLine: 3 })])).toEqual([
      expect.objectContaining({ rule: "yaml-parse-error", severity: "error", file: SOURCE, line: 5 }),
    ]);
  });
});

describe("hooks that need objects which do not exist yet", () => {
  const job = (events: string, weight: string, podSpec: string[]) =>
    doc(
      SOURCE,
      [
        "apiVersion: batch/v1",
        "kind: Job",
        "metadata:",
        "  name: a-migrate",
        "  annotations:",
        `    helm.sh/hook: ${events}`,
        `    helm.sh/hook-weight: "${weight}"`,
        "spec:",
        "  backoffLimit: 1",
        "  template:",
        "    spec:",
        "      restartPolicy: Never",
        ...podSpec.map((line) => `      ${line}`),
      ].join("\n"),
    );
  const object = (kind: string, name: string, hook?: { events: string; weight: string }) =>
    doc(
      "shop/templates/objects.yaml",
      [
        "apiVersion: v1",
        `kind: ${kind}`,
        "metadata:",
        `  name: ${name}`,
        ...(hook ? ["  annotations:", `    helm.sh/hook: ${hook.events}`, `    helm.sh/hook-weight: "${hook.weight}"`] : []),
      ].join("\n"),
    );

  it("errors when a pre-install hook uses a regular resource, at the reference", () => {
    const result = findings([job("pre-install", "0", ["serviceAccountName: runner"]), object("ServiceAccount", "runner")]);
    expect(result).toEqual([
      expect.objectContaining({ rule: "hook-needs-missing-object", severity: "error", line: 13, column: 27, message: expect.stringMatching(/pre-install hook needs ServiceAccount\/runner, a regular resource.*created only after the pre-install hooks/) }),
    ]);
  });

  it("errors when a hook of the same event that it needs runs later because names order before kinds", () => {
    const podSpec = ["volumes:", "  - name: scripts", "    configMap:", "      name: z-scripts"];
    const result = findings([job("pre-upgrade", "0", podSpec), object("ConfigMap", "z-scripts", { events: "pre-upgrade", weight: "0" })]);
    expect(result).toEqual([
      expect.objectContaining({ rule: "hook-needs-later-object", line: 16, column: 19, message: expect.stringMatching(/creates after it \(position 2, this hook 1\): equal weights run by name, not by kind/) }),
    ]);
    expect(findings([job("pre-upgrade", "0", podSpec), object("ConfigMap", "z-scripts", { events: "pre-upgrade", weight: "-1" })])).toEqual([]);
  });

  it("errors when a post hook needs a pre hook that hook-succeeded already deleted", () => {
    const sa = (policy: string) =>
      doc("shop/templates/sa.yaml", `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: runner\n  annotations:\n    helm.sh/hook: pre-install\n    helm.sh/hook-delete-policy: ${policy}\n`);
    const postJob = job("post-install", "0", ["serviceAccountName: runner"]);
    expect(findings([postJob, sa("hook-succeeded")]).map((f) => [f.rule, f.line, f.message.includes("deletes (hook-succeeded) as soon as the pre-install hooks succeed")])).toEqual([
      ["hook-needs-deleted-object", 13, true],
    ]);
    expect(findings([postJob, sa("before-hook-creation")])).toEqual([]);
  });

  it("knows when resources exist: pre-upgrade yes, post-delete no; optional references never block", () => {
    const envFrom = ["containers:", "  - name: c", "    image: c", "    envFrom:", "      - secretRef:", "          name: creds"];
    expect(findings([job("pre-upgrade", "0", envFrom), object("Secret", "creds")])).toEqual([]);
    expect(findings([job("post-delete", "0", envFrom), object("Secret", "creds")]).map((f) => [f.rule, f.line])).toEqual([["hook-needs-missing-object", 18]]);
    const optional = [...envFrom.slice(0, 5), "          name: creds", "          optional: true"];
    expect(findings([job("post-delete", "0", optional), object("Secret", "creds")])).toEqual([]);
  });
});
