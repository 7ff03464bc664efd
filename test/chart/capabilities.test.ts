/**
 * `.Capabilities` and `.Release` data and the kubeVersion check, against helm's own probe output and binary.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildCapabilities, buildReleaseData, ChartError, DEFAULT_API_VERSIONS, loadChartFromFileMap, parseKubeVersion, prepareRender } from "@/lib/chart/node";
import { CORPUS_DIR, corpusPresent, corpusTitle, helmErrorMessage, runHelm, thrownMessage } from "./helpers";

const PROBE = path.join(CORPUS_DIR, "probe");

describe("capabilities", () => {
  it.skipIf(!corpusPresent)(corpusTitle("defaults to helm v4.1.4's Kubernetes version and 57 API versions, in its order"), async () => {
    const probe = await readFile(path.join(PROBE, "default.yaml"), "utf8");
    const listed = probe
      .split("apiVersions: |\n")[1]
      .split("---")[0]
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "");
    const caps = buildCapabilities();
    expect(caps.APIVersions).toEqual(listed);
    expect(DEFAULT_API_VERSIONS).toHaveLength(57);
    expect(caps.KubeVersion).toEqual({ Version: "v1.35.0", Major: "1", Minor: "35" });
    const helmJson = /helm: "(.*)"\n/.exec(probe)?.[1].replace(/\\"/g, '"') ?? "";
    expect(JSON.parse(helmJson)).toEqual({
      version: caps.HelmVersion.Version,
      git_commit: caps.HelmVersion.GitCommit,
      git_tree_state: caps.HelmVersion.GitTreeState,
      go_version: caps.HelmVersion.GoVersion,
      kube_client_version: caps.HelmVersion.KubeClientVersion,
    });
  });

  it.skipIf(!corpusPresent).concurrent.for(["1.27", "v1.27.3", "1.27.3-gke.100", "1.27.3+k3s1", "abc", "1", " v2.0.1"])(
    corpusTitle("parses --kube-version %s like helm"),
    async (version, { expect }) => {
      const helm = await runHelm(["template", "r", path.join(PROBE, "chart"), "--kube-version", version, "--show-only", "templates/cm.yaml"]);
      if (helm.code !== 0) {
        expect(() => parseKubeVersion(version)).toThrow(ChartError);
        expect(thrownMessage(() => parseKubeVersion(version))).toBe(helmErrorMessage(helm.stderr));
        return;
      }
      const field = (name: string) => new RegExp(`${name}: "(.*)"`).exec(helm.stdout)?.[1];
      expect(parseKubeVersion(version)).toEqual({ Version: field("kube"), Major: field("major"), Minor: field("minor") });
    },
  );

  it.skipIf(!corpusPresent)(corpusTitle("appends --api-versions after the defaults, splitting commas"), async () => {
    const helm = await runHelm(["template", "r", path.join(PROBE, "chart"), "--api-versions", "foo/v1", "--api-versions", "a/v1,b/v2", "--show-only", "templates/apiversions.yaml"]);
    const listed = helm.stdout
      .split("apiVersions: |\n")[1]
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "");
    expect(buildCapabilities({ apiVersions: ["foo/v1", "a/v1,b/v2"] }).APIVersions).toEqual(listed);
  });
});

describe("release data", () => {
  it("has helm template's defaults and flips install/upgrade", () => {
    expect(buildReleaseData({ name: "r" })).toEqual({ Name: "r", Namespace: "default", IsUpgrade: false, IsInstall: true, Revision: 1, Service: "Helm" });
    expect(buildReleaseData({ name: "r", namespace: "ns1", isUpgrade: true, revision: 4 })).toMatchObject({ IsUpgrade: true, IsInstall: false, Revision: 4 });
  });
});

describe("kubeVersion constraints", () => {
  const chartWith = (constraint: string) =>
    loadChartFromFileMap({ "Chart.yaml": `apiVersion: v2\nname: c\nversion: 1.0.0\nkubeVersion: "${constraint}"\n` });

  it.concurrent.for([
    [">=1.25.0-0", "1.24.0"],
    [">=1.25.0-0", undefined],
    ["~1.27.0", "1.27.9"],
    [">= 1.20, < 1.30", "1.35.0"],
    [">=1.20 <1.30 || >=1.34", "1.35.0"],
    ["^1.30", "1.29.9"],
    [">=1.26.0", "1.27.3-gke.100"],
    [">=1.26.0-0", "1.27.3-gke.100"],
    ["=1.27.3", "1.27.3-gke.100"],
    ["<=1.27.3-0", "1.27.3-gke.100"],
    [">1.27.3-a", "1.27.3+k3s1"],
  ] as Array<[string, string | undefined]>)("checks %s against %s like helm", async ([constraint, kube], { expect }) => {
    const { writeTree, removeTree } = await import("./helpers");
    const dir = await writeTree({ "Chart.yaml": `apiVersion: v2\nname: c\nversion: 1.0.0\nkubeVersion: "${constraint}"\n`, "templates/x.yaml": "kind: A\n" });
    const helm = await runHelm(["template", "r", dir, ...(kube ? ["--kube-version", kube] : [])]);
    await removeTree(dir);
    const chart = await chartWith(constraint);
    const run = () => prepareRender(chart, { release: { name: "r" }, capabilities: { kubeVersion: kube } });
    if (helm.code === 0) expect(run).not.toThrow();
    else {
      expect(run).toThrow(ChartError);
      expect(thrownMessage(run)).toBe(helmErrorMessage(helm.stderr));
    }
  });
});
