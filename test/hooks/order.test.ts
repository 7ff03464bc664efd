import { describe, expect, it } from "vitest";
import { buildHookPlan, type RenderedDocument } from "@/lib/hooks";
import { compareGoStrings } from "@/lib/hooks/go-semantics";
import { doc } from "./fixtures";

function hook(source: string, kind: string, name: string, weight: number | string | null, events = "pre-upgrade"): RenderedDocument {
  const weightLine = weight === null ? [] : [`    helm.sh/hook-weight: "${weight}"`];
  return doc(
    source,
    [`apiVersion: v1`, `kind: ${kind}`, "metadata:", `  name: ${name}`, "  annotations:", `    helm.sh/hook: ${events}`, ...weightLine].join("\n"),
  );
}

const order = (docs: RenderedDocument[], event: "pre-upgrade" | "pre-install" = "pre-upgrade") =>
  buildHookPlan(docs).events[event].map((h) => `${h.kind}/${h.name}`);

describe("execution order within an event", () => {
  it("sorts by weight, then name, and only then by kind", () => {
    const docs = [
      hook("c/templates/a.yaml", "Job", "b-job", 0),
      hook("c/templates/a.yaml", "ServiceAccount", "c-sa", 0),
      hook("c/templates/a.yaml", "ConfigMap", "a-cm", 0),
      hook("c/templates/a.yaml", "Job", "backup", 5),
      hook("c/templates/a.yaml", "Secret", "z-first", -3),
    ];
    expect(order(docs)).toEqual(["Secret/z-first", "ConfigMap/a-cm", "Job/b-job", "ServiceAccount/c-sa", "Job/backup"]);
  });

  it("breaks ties of equal weight and name by install order of kinds, custom kinds last and alphabetical", () => {
    const docs = ["Widget", "Job", "Apple", "ConfigMap", "ServiceAccount"].map((kind) => hook("c/templates/a.yaml", kind, "same", 1));
    expect(order(docs)).toEqual(["ServiceAccount/same", "ConfigMap/same", "Job/same", "Apple/same", "Widget/same"]);
  });

  it("keeps template path, then document order, for hooks equal in weight, name and kind", () => {
    const docs = [
      hook("c/templates/b.yaml", "ConfigMap", "same", 0),
      hook("c/templates/a.yaml", "ConfigMap", "same", 0),
      hook("c/templates/b.yaml", "ConfigMap", "same", 0),
    ];
    expect(buildHookPlan(docs).events["pre-upgrade"].map((h) => [h.source, h.line])).toEqual([
      ["c/templates/a.yaml", 6],
      ["c/templates/b.yaml", 6],
      ["c/templates/b.yaml", 6],
    ]);
    const plan = buildHookPlan([{ ...docs[0]!, startLine: 10 }, docs[1]!, { ...docs[2]!, startLine: 30 }]);
    expect(plan.events["pre-upgrade"].map((h) => h.line)).toEqual([6, 15, 35]);
  });

  it("compares names byte-wise like Go: upper case first, and UTF-8 order beyond the BMP", () => {
    expect(order([hook("c/t/a.yaml", "ConfigMap", "b", 0), hook("c/t/a.yaml", "ConfigMap", "B", 0), hook("c/t/a.yaml", "ConfigMap", "a", 0)])).toEqual([
      "ConfigMap/B",
      "ConfigMap/a",
      "ConfigMap/b",
    ]);
    // U+FF5E is 3 UTF-8 bytes (EF BD 9E), U+1F600 is 4 (F0 …): Go puts the emoji last, JS's `<` puts it first.
    expect(compareGoStrings("\u{1F600}", "\uFF5E")).toBeGreaterThan(0);
    expect("\u{1F600}" < "\uFF5E").toBe(true);
  });

  it("orders very large weights correctly", () => {
    const docs = [hook("c/t/a.yaml", "ConfigMap", "a-max", "9223372036854775807"), hook("c/t/a.yaml", "ConfigMap", "b-below-max", "9223372036854775806")];
    // Both are 9223372036854775808 as JS numbers; Helm compares the exact int64 values.
    expect(order(docs)).toEqual(["ConfigMap/b-below-max", "ConfigMap/a-max"]);
  });

  it("runs a hook that lists the event twice twice", () => {
    const docs = [hook("c/t/a.yaml", "ConfigMap", "twice", 0, "pre-install,pre-install"), hook("c/t/a.yaml", "ConfigMap", "once", 1, "pre-install")];
    expect(order(docs, "pre-install")).toEqual(["ConfigMap/twice", "ConfigMap/twice", "ConfigMap/once"]);
    expect(buildHookPlan(docs).events["pre-install"].map((h) => h.position)).toEqual([1, 2, 3]);
  });
});

describe("notes where the real order differs from the documented one", () => {
  it("marks hooks whose position differs from weight-kind-name order and says which hooks they overtake", () => {
    const docs = [
      hook("c/templates/a.yaml", "ServiceAccount", "zz-runner", 0),
      hook("c/templates/a.yaml", "ConfigMap", "aa-script", 0),
      hook("c/templates/a.yaml", "Job", "backup", 5),
    ];
    const hooks = buildHookPlan(docs).events["pre-upgrade"];
    expect(hooks.map((h) => [h.name, h.position, h.documentedPosition])).toEqual([
      ["aa-script", 1, 2],
      ["zz-runner", 2, 1],
      ["backup", 3, 3],
    ]);
    expect(hooks[0]!.orderNote).toMatch(/^runs before ServiceAccount\/zz-runner: equal weight 0/);
    expect(hooks[1]!.orderNote).toMatch(/^runs after ConfigMap\/aa-script/);
    expect(hooks[2]!.orderNote).toBeUndefined();
  });

  it("has no notes when name order and kind order agree", () => {
    const docs = [hook("c/t/a.yaml", "ServiceAccount", "a", 0), hook("c/t/a.yaml", "ConfigMap", "b", 0), hook("c/t/a.yaml", "Job", "c", 0)];
    expect(buildHookPlan(docs).events["pre-upgrade"].filter((h) => h.orderNote)).toEqual([]);
  });
});
