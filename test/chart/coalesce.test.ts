/**
 * Values as helm computes them: user values over chart defaults, subcharts, globals, nulls, conditions, tags,
 * aliases, import-values and every --set flavour. Each case is a small chart written here; every chart of it
 * gets a template printing `{{ toJson .Values }}`, and what helm prints must equal the `.Values` we hand to the
 * engine for that chart.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, it, type ExpectStatic } from "vitest";
import { loadChartDirectory, prepareRender, toJsonValue, type UserValueOptions } from "@/lib/chart/node";
import { helmErrorMessage, jsonDocuments, removeTree, runHelm, thrownMessage, writeTree } from "./helpers";

interface Flags {
  valueFiles?: string[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setLiteral?: string[];
  setFile?: string[];
}

/** Adds a values-printing template to the root chart and to every chart folder under charts/. */
function withValueTemplates(files: Record<string, string>): Record<string, string> {
  const out = { ...files };
  for (const name of Object.keys(files)) {
    if (name === "Chart.yaml" || name.endsWith("/Chart.yaml")) {
      out[`${name.slice(0, -"Chart.yaml".length)}templates/values.yaml`] = "{{ toJson .Values }}\n";
    }
  }
  return out;
}

function helmFlags(flags: Flags, dir: string): string[] {
  const args: string[] = [];
  for (const f of flags.valueFiles ?? []) args.push("-f", path.join(dir, f));
  for (const v of flags.setJson ?? []) args.push("--set-json", v);
  for (const v of flags.set ?? []) args.push("--set", v);
  for (const v of flags.setString ?? []) args.push("--set-string", v);
  for (const v of flags.setFile ?? []) args.push("--set-file", v);
  for (const v of flags.setLiteral ?? []) args.push("--set-literal", v);
  return args;
}

function userValues(flags: Flags, dir: string): UserValueOptions {
  return {
    valueFiles: (flags.valueFiles ?? []).map((f) => ({ name: path.join(dir, f), content: readFileSync(path.join(dir, f), "utf8") })),
    set: flags.set,
    setString: flags.setString,
    setJson: flags.setJson,
    setLiteral: flags.setLiteral,
    setFile: flags.setFile,
    readFile: (p) => readFileSync(p, "utf8"),
  };
}

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await removeTree(d);
});

/** Renders with helm and compares every chart's `.Values` (root and subcharts, including aliases). */
async function expectValuesLikeHelm(files: Record<string, string>, flags: Flags | ((dir: string) => Flags), expect: ExpectStatic) {
  const dir = await writeTree(withValueTemplates(files));
  dirs.push(dir);
  const resolved = typeof flags === "function" ? flags(dir) : flags;
  const helm = await runHelm(["template", "rel", dir, ...helmFlags(resolved, dir)]);
  expect(helm.stderr.replace(/^level=.*\n/gm, "")).toBe("");
  const warnings: string[] = [];
  const prepared = prepareRender(await loadChartDirectory(dir), {
    release: { name: "rel" },
    values: userValues(resolved, dir),
    warn: (w) => warnings.push(w),
  });
  const ours = new Map(prepared.inputs.templates.filter((t) => t.name.endsWith("/templates/values.yaml")).map((t) => [t.name, toJsonValue(t.dot.Values)]));
  const theirs = jsonDocuments(helm.stdout);
  expect([...ours.keys()].sort()).toEqual([...theirs.keys()].sort());
  for (const [name, values] of theirs) expect(ours.get(name), name).toEqual(values);
  return { helm, prepared, warnings };
}

const chart = (name: string, extra = "") => `apiVersion: v2\nname: ${name}\nversion: 1.0.0\n${extra}`;

describe("values coalescing against helm", () => {
  it.concurrent("merges tables, replaces scalars and lists, scopes subchart values", async ({ expect }) => {
    await expectValuesLikeHelm(
      {
        "Chart.yaml": chart("parent"),
        "values.yaml": "a: 1\nlist: [1, 2]\nt:\n  x: 1\n  y: {z: 2}\nsub:\n  own: from-parent\n  nested: {b: 2}\n",
        "charts/sub/Chart.yaml": chart("sub"),
        "charts/sub/values.yaml": "own: default\nkeep: 1\nnested: {a: 1, b: 1}\nlist: [x]\n",
        "override.yaml": "list: [3]\nt:\n  y: {w: 1}\nsub:\n  list: [y, z]\n",
      },
      { valueFiles: ["override.yaml"], set: ["t.x=5", "sub.nested.c=3"] },
      expect,
    );
  });

  it.concurrent("copies globals down, parent globals winning, through nested subcharts", async ({ expect }) => {
    await expectValuesLikeHelm(
      {
        "Chart.yaml": chart("parent"),
        "values.yaml": "global:\n  region: eu\n  tags: {team: a}\n",
        "charts/sub/Chart.yaml": chart("sub"),
        "charts/sub/values.yaml": "global:\n  region: us\n  subOnly: 1\n  tags: {env: dev}\n",
        "charts/sub/charts/deep/Chart.yaml": chart("deep"),
        "charts/sub/charts/deep/values.yaml": "global:\n  deepOnly: true\n  tags: {env: prod, tier: x}\nx: 1\n",
      },
      { set: ["global.tags.user=u"] },
      expect,
    );
  });

  it.concurrent("deletes keys with null and keeps nulls that override nothing", async ({ expect }) => {
    await expectValuesLikeHelm(
      {
        "Chart.yaml": chart("parent"),
        "values.yaml": "a: 1\nb: {c: 1, d: 2}\ntopNull: null\nsub:\n  s1: null\n  fresh: null\n",
        "charts/sub/Chart.yaml": chart("sub"),
        "charts/sub/values.yaml": "s1: 1\ns2: 2\nsubNull: null\nt: {n: null, k: 1}\n",
        "nulls.yaml": "a: null\nb:\n  c: null\nsub:\n  s2: null\n  t: {k: null}\n",
      },
      { valueFiles: ["nulls.yaml"], set: ["newNull=null"] },
      expect,
    );
  });

  it.concurrent("keeps a subchart default null under a parent that sets a sibling (declared dependency)", async ({ expect }) => {
    await expectValuesLikeHelm(
      {
        "Chart.yaml": chart("parent", "dependencies:\n- name: sub\n  version: 1.0.0\n"),
        "values.yaml": "sub:\n  kubeconfig: {enabled: true}\n",
        "charts/sub/Chart.yaml": chart("sub"),
        "charts/sub/values.yaml": "kubeconfig:\n  enabled: false\n  secret:\n",
      },
      {},
      expect,
    );
  });

  it.concurrent("warns with helm's text but keeps the user's value when a table meets a scalar", async ({ expect }) => {
    const { helm, warnings } = await expectValuesLikeHelm(
      {
        "Chart.yaml": chart("parent"),
        "values.yaml": "t: {a: 1}\ns: scalar\nsub: {x: {a: 1}}\nglobal: {g: {a: 1}}\n",
        "user.yaml": "t: 5\ns: {x: 1}\n",
        "charts/sub/Chart.yaml": chart("sub"),
        "charts/sub/values.yaml": "x: 1\nglobal: {g: 1}\n",
      },
      { valueFiles: ["user.yaml"] },
      expect,
    );
    const helmWarnings = [...helm.stderr.matchAll(/^level=INFO msg="(warning: .*)"$/gm)].map((m) => m[1].replace(/\\"/g, '"'));
    expect(helmWarnings.length).toBeGreaterThan(0);
    expect(new Set(warnings)).toEqual(new Set(helmWarnings));
  });

  it.concurrent.for([
    ["invalid YAML", "a: [\n"],
    ["a list", "- a\n"],
    ["a bad document separator", "a: 1\n--- x\nb: 2\n"],
  ])("reports a -f file holding %s like helm", async ([, content], { expect }) => {
    const dir = await writeTree({ "Chart.yaml": chart("parent"), "bad.yaml": content });
    dirs.push(dir);
    const file = path.join(dir, "bad.yaml");
    const helm = await runHelm(["template", "rel", dir, "-f", file]);
    expect(helm.code).toBe(1);
    const loaded = await loadChartDirectory(dir);
    expect(thrownMessage(() => prepareRender(loaded, { release: { name: "rel" }, values: { valueFiles: [{ name: file, content }] } }))).toBe(
      helmErrorMessage(helm.stderr),
    );
  });

  it.concurrent("fails like helm when a subchart's values are not a table", async ({ expect }) => {
    const dir = await writeTree({ "Chart.yaml": chart("parent"), "values.yaml": "sub: 5\n", "charts/sub/Chart.yaml": chart("sub") });
    dirs.push(dir);
    const helm = await runHelm(["template", "rel", dir]);
    expect(helm.code).toBe(1);
    const loaded = await loadChartDirectory(dir);
    expect(thrownMessage(() => prepareRender(loaded, { release: { name: "rel" } }))).toBe(helmErrorMessage(helm.stderr));
  });

  it.concurrent("disables subcharts by condition (first resolvable path wins) and by tags", async ({ expect }) => {
    await expectValuesLikeHelm(
      {
        "Chart.yaml": chart(
          "parent",
          [
            "dependencies:",
            "- name: a",
            "  version: 1.0.0",
            "  condition: a.enabled",
            "- name: b",
            "  version: 1.0.0",
            "  condition: missing.path,b.enabled",
            "- name: c",
            "  version: 1.0.0",
            "  tags: [front]",
            "- name: d",
            "  version: 1.0.0",
            "  tags: [front, back]",
            "- name: e",
            "  version: 1.0.0",
            "  condition: e.enabled",
            "  tags: [back]",
            "",
          ].join("\n"),
        ),
        "values.yaml": "a: {enabled: false}\nb: {enabled: true}\ne: {enabled: true}\ntags: {front: false, back: true}\n",
        "charts/a/Chart.yaml": chart("a"),
        "charts/b/Chart.yaml": chart("b"),
        "charts/c/Chart.yaml": chart("c"),
        "charts/d/Chart.yaml": chart("d"),
        "charts/e/Chart.yaml": chart("e"),
        "charts/e/values.yaml": "enabled: false\n",
      },
      { set: ["tags.back=false"] },
      expect,
    );
  });

  it.concurrent("renders one chart twice under aliases, each with its own values and condition", async ({ expect }) => {
    await expectValuesLikeHelm(
      {
        "Chart.yaml": chart(
          "parent",
          "dependencies:\n- name: db\n  version: ~1.0.0\n  alias: primary\n- name: db\n  version: ~1.0.0\n  alias: replica\n  condition: replica.enabled\n- name: db\n  version: ^1.0.0\n  alias: off\n  condition: off.enabled\n",
        ),
        "values.yaml": "primary: {port: 1}\nreplica: {enabled: true, port: 2}\n\"off\": {enabled: false}\n",
        "charts/db/Chart.yaml": chart("db"),
        "charts/db/values.yaml": "port: 5432\nname: db\n",
      },
      {},
      expect,
    );
  });

  it.concurrent("imports child values in both import-values forms, parent values winning", async ({ expect }) => {
    await expectValuesLikeHelm(
      {
        "Chart.yaml": chart(
          "parent",
          "dependencies:\n- name: lib\n  version: 1.0.0\n  import-values:\n  - data\n  - child: settings\n    parent: imported.settings\n  - child: missing\n    parent: nowhere\n",
        ),
        "values.yaml": "imported:\n  settings:\n    b: parent-wins\nfromExport: parent\n",
        "charts/lib/Chart.yaml": chart("lib"),
        "charts/lib/values.yaml": "exports:\n  data:\n    fromExport: child\n    exportedOnly: 1\nsettings:\n  a: 1\n  b: child\n",
      },
      {},
      expect,
    );
  });

  it.concurrent("applies every --set flavour in helm's order", async ({ expect }) => {
    await expectValuesLikeHelm(
      {
        "Chart.yaml": chart("parent"),
        "values.yaml": "base: 1\n",
        "one.yaml": "a: file1\nb: file1\nn: {x: 1}\n",
        "two.yaml": "b: file2\nn: {y: 2}\n",
        "content.txt": "from a file\n",
      },
      (dir) => ({
        valueFiles: ["one.yaml", "two.yaml"],
        setJson: ['j={"k":[1,2.5,null]}', '{"obj": {"deep": true}}'],
        set: ["a=1,big=12345678901234567890,f=1.5,yes=true,nul=null,list={x,y}", "idx[1].name=second", "esc=a\\,b"],
        setString: ["s=42"],
        setFile: [`file=${path.join(dir, "content.txt")}`],
        setLiteral: ["lit={not,a,list},x=y"],
      }),
      expect,
    );
  });

  it.concurrent("loads apiVersion v1 charts with requirements.yaml and packaged subcharts", async ({ expect }) => {
    const packaged = await writeTree({ "pkg/Chart.yaml": chart("pkg"), "pkg/values.yaml": "packaged: true\n" });
    dirs.push(packaged);
    const tgz = path.join(packaged, "pkg-1.0.0.tgz");
    const { execFileSync } = await import("node:child_process");
    execFileSync("tar", ["-czf", tgz, "-C", packaged, "pkg"]);
    await expectValuesLikeHelm(
      {
        "Chart.yaml": "apiVersion: v1\nname: old\nversion: 1.0.0\n",
        "requirements.yaml": "dependencies:\n- name: pkg\n  version: 1.0.0\n  condition: pkg.enabled\n- name: v1sub\n  version: 1.0.0\n",
        "values.yaml": "pkg: {enabled: true, fromParent: 1}\n",
        "charts/pkg-1.0.0.tgz": readFileSync(tgz) as unknown as string,
        "charts/v1sub/Chart.yaml": "name: v1sub\nversion: 1.0.0\n",
      },
      {},
      expect,
    );
  });
});
