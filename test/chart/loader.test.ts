/**
 * Chart loading from a directory, a .tgz and an in-memory file map: the model (metadata, templates, `.Files`,
 * values, schema, lock, subcharts), .helmignore, helm's validation errors, and every unsafe input refused.
 * Where helm has an answer (which files `.Files` sees, error texts) it is the oracle.
 */
import { mkfifo } from "./fifo";
import { symlink } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import * as tarStream from "tar-stream";
import { afterAll, describe, expect, it } from "vitest";
import {
  ChartError,
  chartFullPath,
  fileText,
  loadChartArchive,
  loadChartDirectory,
  loadChartFromFileMap,
  prepareRender,
  type Chart,
} from "@/lib/chart/node";
import { helmErrorMessage, removeTree, runHelm, writeTree } from "./helpers";

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeTree(d);
});

async function tempTree(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await writeTree(files);
  dirs.push(dir);
  return dir;
}

interface TarEntry {
  name: string;
  content?: string | Uint8Array;
  type?: "file" | "directory" | "symlink" | "link";
  linkname?: string;
}

async function tgz(entries: TarEntry[]): Promise<Uint8Array> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    pack.on("data", (c: unknown) => {
      chunks.push(c as Buffer);
    });
    pack.on("end", () => resolve());
    pack.on("error", reject);
  });
  for (const e of entries) {
    const content = typeof e.content === "string" ? Buffer.from(e.content) : Buffer.from(e.content ?? new Uint8Array());
    const isFile = (e.type ?? "file") === "file";
    if (isFile) pack.entry({ name: e.name, type: "file", size: content.length }, content);
    else pack.entry({ name: e.name, type: e.type, linkname: e.linkname, size: 0 });
  }
  pack.finalize();
  await done;
  return new Uint8Array(gzipSync(Buffer.concat(chunks)));
}

async function loadError(load: () => Promise<unknown>): Promise<ChartError> {
  const e = await load().then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ChartError);
  return e as ChartError;
}

const CHART_YAML = "apiVersion: v2\nname: demo\nversion: 1.2.3\nappVersion: \"2.0\"\ndescription: Demo chart\nkeywords: [a, b]\nannotations:\n  team: x\n";

const DEMO: Record<string, string> = {
  "Chart.yaml": CHART_YAML,
  "Chart.lock": "generated: \"2026-01-01T00:00:00Z\"\ndigest: sha256:abc\ndependencies:\n- name: sub\n  version: 0.1.0\n  repository: file://charts/sub\n",
  "values.yaml": "replicas: 2\nimage: {tag: latest}\n",
  "values.schema.json": '{"type":"object"}',
  ".helmignore": "# comment\n*.bak\nsecret/\n/rootonly.txt\nnested/*.tmp\n",
  "templates/deploy.yaml": "kind: Deployment\n",
  "templates/_helpers.tpl": '{{ define "x" }}x{{ end }}',
  "templates/.hidden.yaml": "ignored by helm's default rule\n",
  "templates/files.yaml": "files: |\n{{- range $path, $_ := .Files }}\n  {{ $path }}\n{{- end }}\n",
  "files/config.ini": "[main]\n",
  "files/old.bak": "backup\n",
  "secret/key.pem": "-----\n",
  "rootonly.txt": "anchored rule\n",
  "sub/rootonly.txt": "not anchored here\n",
  "nested/a.tmp": "x",
  "nested/b.txt": "y",
  "crds/crd.yaml": "kind: CustomResourceDefinition\n",
  "README.md": "# demo\n",
  "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 0.1.0\n",
  "charts/sub/values.yaml": "sub: true\n",
  "charts/sub/templates/cm.yaml": "kind: ConfigMap\n",
  "charts/sub-0.1.0.tgz.prov": "signature\n",
  "charts/_ignored/Chart.yaml": "not: loaded\n",
};

interface ChartSummary {
  path: string;
  metadata: Chart["metadata"];
  templates: string[];
  files: string[];
  values: string[];
  schema: string | null;
  lock: Chart["lock"];
  dependencies: ChartSummary[];
}

function describeChart(c: Chart): ChartSummary {
  return {
    path: chartFullPath(c),
    metadata: c.metadata,
    templates: c.templates.map((t) => t.name),
    files: c.files.map((f) => f.name),
    values: [...c.values.keys()],
    schema: c.schema ? new TextDecoder().decode(c.schema) : null,
    lock: c.lock,
    dependencies: c.dependencies.map(describeChart),
  };
}

describe("loading a chart directory", () => {
  it("builds the chart model and shows templates the same files helm does", async () => {
    const dir = await tempTree(DEMO);
    const chart = await loadChartDirectory(dir);
    expect(chart.metadata).toMatchObject({ Name: "demo", Version: "1.2.3", AppVersion: "2.0", APIVersion: "v2", Keywords: ["a", "b"], Annotations: { team: "x" } });
    expect(chart.templates.map((t) => t.name).sort()).toEqual(["templates/_helpers.tpl", "templates/deploy.yaml", "templates/files.yaml"]);
    expect(chart.lock?.dependencies).toEqual([{ name: "sub", version: "0.1.0", repository: "file://charts/sub" }]);
    expect(chart.schema).not.toBeNull();
    expect(chart.dependencies.map((d) => chartFullPath(d))).toEqual(["demo/charts/sub"]);
    expect(chart.dependencies[0].parent).toBe(chart);

    const helm = await runHelm(["template", "r", dir, "--show-only", "templates/files.yaml"]);
    expect(helm.code).toBe(0);
    const helmFiles = helm.stdout
      .split("\n")
      .filter((l) => l.startsWith("  "))
      .map((l) => l.trim());
    const prepared = prepareRender(chart, { release: { name: "r" } });
    expect([...prepared.inputs.root.Files.keys()].sort()).toEqual(helmFiles);
  });

  it("gives the same chart from a directory, a .tgz and a file map", async () => {
    const dir = await tempTree(DEMO);
    const fromDir = await loadChartDirectory(dir);
    // A packaged chart has already been filtered by .helmignore, so pack only what the directory load kept.
    const kept = fromDir.raw.map((f) => ({ name: `demo/${f.name}`, content: f.data }));
    const subFiles = fromDir.dependencies[0].raw.map((f) => ({ name: `demo/charts/sub/${f.name}`, content: f.data }));
    const fromTgz = await loadChartArchive(await tgz([...kept, ...subFiles]));
    const fromMap = await loadChartFromFileMap(DEMO);
    expect(describeChart(fromTgz)).toEqual(describeChart(fromDir));
    expect(describeChart(fromMap)).toEqual(describeChart(fromDir));
  });

  it("loads .tgz subcharts inside charts/ and strips a UTF-8 BOM", async () => {
    const inner = await tgz([
      { name: "packed/Chart.yaml", content: "\uFEFFapiVersion: v2\nname: packed\nversion: 3.0.0\n" },
      { name: "packed/values.yaml", content: "inner: 1\n" },
    ]);
    const chart = await loadChartFromFileMap({ "Chart.yaml": CHART_YAML, "charts/packed-3.0.0.tgz": inner });
    expect(chart.dependencies.map((d) => [chartFullPath(d), d.metadata.Version, fileText(d.raw[0]).startsWith("api")])).toEqual([
      ["demo/charts/packed", "3.0.0", true],
    ]);
  });

  it("follows symlinks that stay inside the chart and refuses ones that leave it", async () => {
    const outside = await tempTree({ "secret.txt": "outside\n" });
    const dir = await tempTree({ "Chart.yaml": CHART_YAML, "files/real.txt": "inside\n" });
    await symlink(path.join(dir, "files/real.txt"), path.join(dir, "files/link.txt"));
    const chart = await loadChartDirectory(dir);
    expect(chart.files.map((f) => [f.name, fileText(f)])).toContainEqual(["files/link.txt", "inside\n"]);
    await symlink(path.join(outside, "secret.txt"), path.join(dir, "files/escape.txt"));
    const e = await loadError(() => loadChartDirectory(dir));
    expect(e.message).toContain("files/escape.txt");
    expect(e.message).toContain("points outside the chart");
  });

  it("refuses irregular files and oversized files", async () => {
    const dir = await tempTree({ "Chart.yaml": CHART_YAML, "big.txt": "x".repeat(2048) });
    expect((await loadError(() => loadChartDirectory(dir, { limits: { maxFileBytes: 1024 } }))).message).toBe(
      'chart file "big.txt" is larger than the maximum file size 1024',
    );
    const fifoDir = await tempTree({ "Chart.yaml": CHART_YAML });
    if (mkfifo(path.join(fifoDir, "pipe"))) {
      expect((await loadError(() => loadChartDirectory(fifoDir))).message).toBe("cannot load irregular file pipe as it has file mode type bits set");
    }
  });
});

describe(".helmignore rules against helm", () => {
  const tree = {
    "Chart.yaml": "apiVersion: v2\nname: ig\nversion: 1.0.0\n",
    "templates/files.yaml": "files: |\n{{- range $path, $_ := .Files }}\n  {{ $path }}\n{{- end }}\n",
    "keep.txt": "a",
    "drop.txt": "b",
    "docs/guide.md": "c",
    "docs/deep/notes.txt": "d",
    "build/out.bin": "e",
    "a/build/x.txt": "f",
    "file[1].txt": "g",
    ".hidden": "h",
  };
  it.concurrent.for([
    "*.txt\n",
    "docs/\n",
    "/build\n",
    "build/\n",
    "docs/*.md\n",
    "*.txt\n!keep.txt\n",
    "file\\[1\\].txt\n.*\n",
    "[a-c]*/\n# comment\n\n  *.bin  \n",
    "**/x.txt\n",
    "[z-a]*\ndocs\n",
  ])("%j", async (rules, { expect }) => {
    const dir = await tempTree({ ...tree, ".helmignore": rules });
    const helm = await runHelm(["template", "r", dir]);
    const ours = await loadChartDirectory(dir).then(
      (c) => [...c.files.map((f) => f.name)].sort(),
      (e: Error) => e.message,
    );
    if (helm.code !== 0) {
      expect(ours).toBe(helmErrorMessage(helm.stderr));
      return;
    }
    const helmFiles = helm.stdout
      .split("\n")
      .filter((l) => l.startsWith("  "))
      .map((l) => l.trim());
    expect(ours).toEqual(helmFiles);
  });
});

it("locates a bad .helmignore rule", async () => {
  const dir = await tempTree({ "Chart.yaml": CHART_YAML, ".helmignore": "# ok\n*.txt\n[a\n" });
  const e = await loadError(() => loadChartDirectory(dir));
  expect(e.message).toBe("syntax error in pattern");
  expect([e.file, e.line]).toEqual([path.join(dir, ".helmignore"), 3]);
});

it("locates errors inside subcharts relative to the parent chart", async () => {
  const e = await loadError(() =>
    loadChartFromFileMap({ "Chart.yaml": CHART_YAML, "charts/sub/Chart.yaml": "apiVersion: v2\nname: sub\nversion: 1.0.0\n", "charts/sub/values.yaml": "a: 1\nb: [\n" }),
  );
  expect(e.message).toMatch(/^error unpacking subchart sub in demo: cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: line \d+/);
  expect(e.file).toBe("charts/sub/values.yaml");
  expect(e.line).toBeGreaterThan(0);
});

it.concurrent("reports a missing chart directory or Chart.yaml like helm", async ({ expect }) => {
  const empty = await tempTree({ "README.md": "no chart here\n" });
  for (const dir of [path.join(empty, "nope"), empty]) {
    const helm = await runHelm(["template", "r", dir]);
    const e = await loadChartDirectory(dir).then(
      () => null,
      (err: Error) => err,
    );
    expect(e?.message).toBe(helmErrorMessage(helm.stderr));
  }
});

describe("refusing unsafe archives", () => {
  const ok = { name: "demo/Chart.yaml", content: CHART_YAML };
  const cases: Array<[string, () => Promise<Uint8Array>, string]> = [
    ["a parent directory entry", () => tgz([ok, { name: "demo/../../etc/passwd", content: "x" }]), "chart illegally references parent directory"],
    ["an absolute path", () => tgz([ok, { name: "demo//etc/passwd", content: "x" }]), "chart illegally contains absolute paths"],
    ["a symlink leaving the chart", () => tgz([ok, { name: "demo/templates/x.yaml", type: "symlink", linkname: "../../../etc/passwd" }]), "is a link leaving the chart"],
    ["an absolute symlink", () => tgz([ok, { name: "demo/x", type: "symlink", linkname: "/etc/passwd" }]), "is a link leaving the chart"],
    ["Chart.yaml outside a directory", () => tgz([{ name: "Chart.yaml", content: CHART_YAML }]), "chart yaml not in base directory"],
    ["an empty archive", () => tgz([]), "no files in chart archive"],
    ["a Windows drive path", () => tgz([ok, { name: "demo/C:/x", content: "x" }]), "chart contains illegally named files"],
  ];
  it.each(cases)("refuses %s", async (_label, build, message) => {
    const bytes = await build();
    expect((await loadError(() => loadChartArchive(bytes))).message).toContain(message);
  });

  it("refuses what is not gzip", async () => {
    expect((await loadError(() => loadChartArchive(new TextEncoder().encode("not a tarball")))).message).toBe(
      "chart.tgz: file does not appear to be a gzipped archive",
    );
  });

  it("stops a decompression bomb early", async () => {
    const bomb = await tgz([ok, { name: "demo/zeros", content: new Uint8Array(8 * 1024 * 1024) }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    const e = await loadError(() => loadChartArchive(bomb, { limits: { maxChartBytes: 1024 * 1024, maxEntries: 10 } }));
    expect(e.message).toBe("chart.tgz: decompressed chart is larger than the maximum size 1048576");
  });

  it("enforces file, total and archive size limits", async () => {
    const archive = await tgz([ok, { name: "demo/a", content: "x".repeat(3000) }, { name: "demo/b", content: "y".repeat(3000) }]);
    expect((await loadError(() => loadChartArchive(archive, { limits: { maxFileBytes: 2000 } }))).message).toBe(
      'chart.tgz: decompressed chart file "demo/a" is larger than the maximum file size 2000',
    );
    expect((await loadError(() => loadChartArchive(archive, { limits: { maxChartBytes: 5000 } }))).message).toContain(
      "decompressed chart is larger than the maximum size 5000",
    );
    expect((await loadError(() => loadChartArchive(archive, { limits: { maxArchiveBytes: 10 } }))).message).toContain("larger than the maximum size 10");
  });

  it("limits how deep archives nest", async () => {
    let archive = await tgz([{ name: "c0/Chart.yaml", content: "apiVersion: v2\nname: c0\nversion: 1.0.0\n" }]);
    for (let i = 1; i <= 4; i++) {
      archive = await tgz([
        { name: `c${i}/Chart.yaml`, content: `apiVersion: v2\nname: c${i}\nversion: 1.0.0\n` },
        { name: `c${i}/charts/c${i - 1}.tgz`, content: archive },
      ]);
    }
    await expect(loadChartArchive(archive)).resolves.toBeTruthy();
    const e = await loadError(() => loadChartArchive(archive, { limits: { maxArchiveDepth: 2 } }));
    expect(e.message).toContain("archives nested deeper than 2 levels");
  });
});

describe("refusing unsafe file maps", () => {
  it.each([
    ["../outside.yaml", "chart illegally references parent directory"],
    ["templates/../../x", "chart illegally references parent directory"],
    ["/etc/passwd", "chart illegally contains absolute paths"],
    ["C:\\\\x", "chart contains illegally named files"],
  ])("refuses %s", async (name, message) => {
    const e = await loadError(() => loadChartFromFileMap({ "Chart.yaml": CHART_YAML, [name]: "x" }));
    expect(e.message).toContain(message);
    expect(e.message).toContain(JSON.stringify(name));
  });

  it("normalises paths and refuses two names for one file", async () => {
    const chart = await loadChartFromFileMap({ "Chart.yaml": CHART_YAML, "./templates//a.yaml": "kind: A\n", "templates\\b.yaml": "kind: B\n" });
    expect(chart.templates.map((t) => t.name)).toEqual(["templates/a.yaml", "templates/b.yaml"]);
    const e = await loadError(() => loadChartFromFileMap({ "Chart.yaml": CHART_YAML, "a.txt": "1", "./a.txt": "2" }));
    expect(e.message).toBe('editor: duplicate entry "a.txt"');
  });

  it("enforces the entry count and total size", async () => {
    const many = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, "x"]));
    expect((await loadError(() => loadChartFromFileMap({ "Chart.yaml": CHART_YAML, ...many }, { limits: { maxEntries: 10 } }))).message).toContain(
      "more than the maximum of 10 files",
    );
    expect((await loadError(() => loadChartFromFileMap({ "Chart.yaml": CHART_YAML, a: "x".repeat(600), b: "y".repeat(600) }, { limits: { maxChartBytes: 1000 } }))).message).toContain(
      "larger than the maximum size 1000",
    );
  });
});

describe("helm's chart errors", () => {
  const cases: Array<[string, Record<string, string>]> = [
    ["no name", { "Chart.yaml": "apiVersion: v2\nversion: 1.0.0\n" }],
    ["no version", { "Chart.yaml": "apiVersion: v2\nname: c\n" }],
    ["an invalid version", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: abc\n" }],
    ["a name with a slash", { "Chart.yaml": "apiVersion: v2\nname: c/d\nversion: 1.0.0\n" }],
    ["an unknown type", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\ntype: foo\n" }],
    ["a library chart", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\ntype: library\n" }],
    ["apiVersion v3", { "Chart.yaml": "apiVersion: v3\nname: c\nversion: 1.0.0\n" }],
    ["an unknown apiVersion", { "Chart.yaml": "apiVersion: foo\nname: c\nversion: 1.0.0\n" }],
    ["a bad alias", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: x\n  alias: a.b\n" }],
    ["a duplicate dependency", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: x\n- name: x\n" }],
    ["missing dependencies", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\ndependencies:\n- name: a\n- name: b\n  alias: bb\n" }],
    ["a null maintainer", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\nmaintainers:\n- null\n" }],
    ["a list where a string belongs", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: [1]\n" }],
    ["a number where a list belongs", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\nsources: 5\n" }],
    ["a table in a maintainer", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\nmaintainers:\n- name: 5\n  email: {a: 1}\n" }],
    ["invalid Chart.yaml syntax", { "Chart.yaml": "name: [c\n" }],
    ["an empty Chart.yaml", { "Chart.yaml": "" }],
    ["invalid values.yaml", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "values.yaml": "x: [\n" }],
    ["invalid Chart.lock", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "Chart.lock": "x: [\n" }],
    ["a list as values.yaml", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "values.yaml": "- a\n" }],
    ["a folder in charts/ without Chart.yaml", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "charts/empty/x": "x" }],
    ["a stray file in charts/", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "charts/README.md": "hi" }],
    ["a broken subchart", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\n", "charts/s/Chart.yaml": "apiVersion: v2\nname: s\n" }],
    ["an incompatible kubeVersion", { "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0.0\nkubeVersion: \">=1.40.0-0\"\n" }],
  ];
  it.concurrent.for(cases)("reports %s like helm", async ([, files], { expect }) => {
    const dir = await tempTree({ ...files, "templates/x.yaml": "kind: ConfigMap\n" });
    const helm = await runHelm(["template", "r", dir]);
    expect(helm.code).toBe(1);
    const error = await loadChartDirectory(dir)
      .then((chart) => prepareRender(chart, { release: { name: "r" } }))
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ChartError);
    expect((error as Error).message).toBe(helmErrorMessage(helm.stderr));
  });

  it("accepts scalars in string fields the way helm stringifies them", async () => {
    const dir = await tempTree({
      "Chart.yaml": "apiVersion: v2\nname: c\nversion: 1.0\nappVersion: 1.10\ndescription: 5\nhome: true\nicon: 0.00001\ncondition: 1000000\ntags: 2.5e-7\nkeywords: [1, a, 123456789]\nannotations:\n  a: 1\n",
      "templates/chart.yaml": "{{ toJson .Chart }}\n",
    });
    const helm = await runHelm(["template", "r", dir]);
    const expected = JSON.parse(helm.stdout.split("\n").slice(2).join("\n"));
    const prepared = prepareRender(await loadChartDirectory(dir), { release: { name: "r" } });
    expect(JSON.parse(JSON.stringify(prepared.inputs.root.Chart))).toEqual(expected);
  });
});
