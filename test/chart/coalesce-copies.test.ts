/**
 * Coalescing reads chart defaults without copying them first: the defaults must still never change, and the
 * coalesced values must share no table or list with them (templates may modify .Values during a render).
 */
import { describe, expect, it } from "vitest";
import { coalesceValues, mergeValues } from "@/lib/chart/coalesce";
import { goSprintV } from "@/lib/chart/go-print";
import type { Chart } from "@/lib/chart/types";
import { GoMap, type GoValue } from "@/lib/template/value";

const table = (entries: Record<string, GoValue>) => new GoMap(Object.entries(entries));

function chart(name: string, values: GoMap, dependencies: Chart[] = []): Chart {
  return { metadata: { Name: name }, values, dependencies } as unknown as Chart;
}

/** Every table and list reachable from v. */
function containers(v: GoValue, out = new Set<object>()): Set<object> {
  if (v instanceof GoMap) {
    out.add(v);
    for (const x of v.values()) containers(x, out);
  } else if (Array.isArray(v)) {
    out.add(v);
    for (const x of v) containers(x, out);
  }
  return out;
}

describe("coalescing leaves chart defaults alone", () => {
  const sub = chart("sub", table({ image: table({ tag: "1", pull: table({ policy: "Always" }) }), list: [table({ a: 1 })], gone: "x" }));
  const parent = chart("parent", table({ a: table({ b: table({ c: 1, d: 2 }), keep: [1, 2] }), n: 1, sub: table({ list: [] }) }), [sub]);
  const user = () => table({ a: table({ b: table({ c: null, e: 3 }) }), sub: table({ image: table({ pull: table({}) }), gone: null }) });

  it("gives helm's result, keeps the defaults as they were, and shares nothing with them", () => {
    const before = [goSprintV(parent.values), goSprintV(sub.values)];
    for (const coalesce of [coalesceValues, mergeValues]) {
      const values = coalesce(parent, user());
      expect([goSprintV(parent.values), goSprintV(sub.values)]).toEqual(before);
      const shared = [...containers(values)].filter((c) => containers(parent.values).has(c) || containers(sub.values).has(c));
      expect(shared).toEqual([]);
    }
    // A user null deletes a non-null default when coalescing, and stays when merging.
    expect(goSprintV(coalesceValues(parent, user()))).toBe(
      "map[a:map[b:map[d:2 e:3] keep:[1 2]] n:1 sub:map[global:map[] image:map[pull:map[policy:Always] tag:1] list:[]]]",
    );
    expect(goSprintV(mergeValues(parent, user()))).toBe(
      "map[a:map[b:map[c:<nil> d:2 e:3] keep:[1 2]] n:1 sub:map[global:map[] gone:<nil> image:map[pull:map[policy:Always] tag:1] list:[]]]",
    );
  });
});
