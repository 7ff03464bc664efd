/**
 * Go's float64 text forms against helm: `{{ . }}` of a float64 prints strconv 'g' (shortest), toJson prints
 * encoding/json's form. Thousands of generated floats go through one render.
 */
import { describe, expect, it } from "vitest";
import { formatFloatG, formatFloatJson } from "@/lib/template/codec";
import { formatFloat32G } from "@/lib/template/codec/float32-format";
import { randomNumber, rng } from "./generate";
import { renderWithHelm } from "./helm-oracle";

describe("float formatting against helm", () => {
  it("formats like %v (strconv 'g') and like encoding/json", async () => {
    const r = rng(31);
    const nums = [0, 1, -1, 3, 0.1, 123456, 999999, 1e6, 1234567, 123456789012, 12345678901234567890, 1e21, 1e20, 1e-4, 1e-5, 1e-6, 1e-7, 1.5e300, 2.5, 100000,
      5e-324, 1.7976931348623157e308, 2 ** 53, 2 ** 63, 0.000123, 999999.5, 1e-300];
    // (x || 0) drops -0: the values file written as JSON cannot carry it.
    for (let i = 0; i < 2000; i++) nums.push(randomNumber(r) * (r() < 0.3 ? -1 : 1) || 0);
    const [helm] = await renderWithHelm([`include "nums" .`], {
      values: `nums: [${nums.map((n) => JSON.stringify(n)).join(", ")}]\n`,
      files: { "templates/_nums.tpl": `{{ define "nums" }}{{ range .Values.nums }}{{ . }} {{ toJson . }}\n{{ end }}{{ end }}` },
    });
    const ours = nums.map((n) => `${formatFloatG(n)} ${formatFloatJson(n)}\n`).join("");
    const diff = ours.split("\n").flatMap((line, i) => (line === helm.split("\n")[i] ? [] : [`${nums[i]}: ours ${line} helm ${helm.split("\n")[i]}`]));
    expect(diff.slice(0, 10)).toEqual([]);
  });

  it("writes the spec's examples", () => {
    expect([1e6, 1234567, 0.00001, -0, 1e21].map(formatFloatG)).toEqual(["1e+06", "1.234567e+06", "1e-05", "-0", "1e+21"]);
    expect([1e21, 1e-7, 100000000, 0.000001].map(formatFloatJson)).toEqual(["1e+21", "1e-7", "100000000", "0.000001"]);
    expect([0.1, 3.14159265358979, 1e6, 16777217].map(formatFloat32G)).toEqual(["0.1", "3.1415927", "1e+06", "1.6777216e+07"]);
  });
});
