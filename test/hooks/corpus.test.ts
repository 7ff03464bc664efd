/**
 * Hook plans of the corpus charts that have hooks, checked against the real helm twice:
 * - from the golden `helm template` output, against the hooks helm printed there (in its stored order);
 * - from a fresh `helm install --dry-run=client` of the same chart and values, against the hooks of that release
 *   (names can be random, so each plan is compared with its own run). Charts whose vendored dependencies are kept
 *   out of this corpus copy cannot be installed here, and cases that take helm over a second to render (RSA key
 *   generation) are left to the golden check to keep the suite fast.
 * In both, the stable weight-then-name sort of helm's stored hooks per event is the order helm executes them in.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildHookPlan, formatPlan, lintHooks, splitHelmTemplateOutput, type RenderedDocument } from "@/lib/hooks";
import { expectPlanMatchesHelm } from "./compare";
import { helmDryRunInstall, helmTemplate, type DryRunRelease } from "./helm-oracle";
import { printedHooks } from "./printed-hooks";

const CORPUS = path.resolve(process.cwd(), "../shared/corpus");

interface CorpusCase {
  case: string;
  medianMs: number;
  argv: string[];
  exitCode: number;
  goldenFile: string;
}

interface CorpusChart {
  id: string;
  chartDir: string;
  releaseName: string;
  hookResourcesAllCases: number;
  cases: CorpusCase[];
}

/**
 * `helm template` flags that `helm install` accepts the same way, with values files made absolute; other cases
 * (e.g. --is-upgrade) have no install oracle.
 */
function installArgs(argv: readonly string[]): string[] | undefined {
  const flags = argv.slice(4);
  for (let i = 0; i < flags.length; i += 2) {
    if (!["--namespace", "-f"].includes(flags[i]!)) return undefined;
  }
  return flags.map((flag, i) => (flags[i - 1] === "-f" ? path.join(CORPUS, flag) : flag));
}

function hookCases(): Array<{ chart: CorpusChart; kase: CorpusCase; args: string[] }> {
  const manifest = JSON.parse(readFileSync(path.join(CORPUS, "manifest.json"), "utf8")) as { charts: CorpusChart[] };
  return manifest.charts
    .filter((chart) => chart.hookResourcesAllCases > 0)
    .flatMap((chart) =>
      chart.cases.flatMap((kase) => {
        const args = installArgs(kase.argv);
        return kase.exitCode === 0 && args && existsSync(path.join(CORPUS, kase.goldenFile)) ? [{ chart, kase, args }] : [];
      }),
    );
}

const SLOW_RENDER_MS = 1000;
const corpusFound = existsSync(path.join(CORPUS, "manifest.json"));

/** The documents helm itself classified for a release: its manifest plus each stored hook with its path. */
function releaseDocuments(release: DryRunRelease): RenderedDocument[] {
  return [...splitHelmTemplateOutput(release.manifest), ...release.hooks.map((h) => ({ source: h.path ?? "", text: h.manifest ?? "" }))];
}

async function tryInstall(chart: CorpusChart, args: string[]): Promise<DryRunRelease | undefined> {
  try {
    return await helmDryRunInstall(chart.releaseName, path.join(CORPUS, chart.chartDir), args);
  } catch (error) {
    if (/missing in charts\/ directory/.test(String(error))) return undefined;
    throw error;
  }
}

describe.skipIf(!corpusFound)("corpus charts with hooks", () => {
  const cases = corpusFound ? hookCases() : [];

  it("include the charts the plan is meant for", () => {
    const ids = new Set(cases.map((c) => c.chart.id));
    for (const id of ["prometheus-community__kube-prometheus-stack", "elastic__kibana", "ingress-nginx__ingress-nginx", "cert-manager__cert-manager", "bitnami__mariadb"]) {
      expect(ids).toContain(id);
    }
  });

  it.concurrent.each(cases.map((c) => [`${c.chart.id} ${c.kase.case}`, c] as const))(
    "%s: plan from the golden matches helm's execution order",
    async (_, { chart, kase, args }) => {
      const golden = readFileSync(path.join(CORPUS, kase.goldenFile), "utf8");
      const documents = splitHelmTemplateOutput(golden);
      const plan = buildHookPlan(documents, { namespace: "ns1" });
      expectPlanMatchesHelm(plan, printedHooks(golden));
      const release = kase.medianMs < SLOW_RENDER_MS ? await tryInstall(chart, args) : undefined;
      if (release) expectPlanMatchesHelm(buildHookPlan(releaseDocuments(release), { namespace: "ns1" }), release.hooks);
      expect(plan.dropped).toEqual([]);
      expect(plan.invalid).toEqual([]);
      // Every finding points at a real line of the golden, inside a document of the file it names.
      const lines = golden.split("\n");
      for (const finding of lintHooks(documents, { namespace: "ns1" })) {
        expect(finding.line).toBeGreaterThan(0);
        expect(finding.line).toBeLessThanOrEqual(lines.length);
        const header = lines.slice(0, finding.line).reverse().find((line) => line.startsWith("# Source: "));
        expect(header).toBe(`# Source: ${finding.file}`);
      }
      expect(JSON.parse(formatPlan(plan, "json")).events).toBeDefined();
    },
    60_000,
  );
});

describe.skipIf(corpusFound)("corpus charts with hooks", () => {
  it("skipped: corpus not found", () => {});
});

const PROBES = path.resolve(process.cwd(), "../shared/spec/probe-charts");

describe.skipIf(!existsSync(PROBES))("the spec's probe charts", () => {
  it.each(["hk", "w", "dup"])("%s: plan from helm template matches helm's execution order", async (probe) => {
    const chart = path.join(PROBES, probe);
    const [rendered, release] = await Promise.all([helmTemplate("rel", chart, ["--namespace", "ns1"]), helmDryRunInstall("rel", chart, ["--namespace", "ns1"])]);
    expect(release.hooks.length).toBeGreaterThan(0);
    expectPlanMatchesHelm(buildHookPlan(rendered, { namespace: "ns1" }), release.hooks);
  });
});

// The failure users hit in elastic/helm-charts#1756: "failed pre-install: timed out", missing kibana-helm-scripts.
describe.skipIf(!corpusFound)("kibana's hooks", () => {
  it("run the pre-install Job before the ConfigMap it mounts, which the lint reports", () => {
    const golden = readFileSync(path.join(CORPUS, "golden/elastic__kibana/default.yaml"), "utf8");
    const preInstall = buildHookPlan(golden).events["pre-install"].map((h) => `${h.kind}/${h.name}`);
    expect(preInstall.indexOf("Job/pre-install-rel-kibana-kibana")).toBeLessThan(preInstall.indexOf("ConfigMap/rel-kibana-kibana-helm-scripts"));
    const findings = lintHooks(golden).filter((f) => f.rule === "hook-needs-later-object");
    expect(findings.map((f) => [f.file, f.message.match(/^This (\S+) hook/)![1]])).toEqual([
      ["kibana/templates/post-delete-job.yaml", "post-delete"],
      ["kibana/templates/pre-install-job.yaml", "pre-install"],
      ["kibana/templates/pre-install-job.yaml", "pre-upgrade"],
    ]);
  });
});
