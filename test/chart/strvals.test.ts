/**
 * helm's --set family, input by input, against the real helm: the chart prints `.Values` as JSON and as a tree
 * of Go type names (so int64 vs float64 vs string is checked too); error texts must match word for word.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChartError, loadChartDirectory, mergeUserValues, prepareRender, toJsonValue, type Chart, type UserValueOptions } from "@/lib/chart/node";
import { GoMap, goTypeName, type GoValue } from "@/lib/template/value";
import { helmErrorMessage, removeTree, runHelm, writeTree } from "./helpers";

const TYPES_TEMPLATE =
  '{{- define "types" -}}{{- if kindIs "map" . -}}{{ "{" }}{{- range $k, $v := . -}}{{ $k | quote }}:{{ include "types" $v }},{{- end -}}{{ "}" }}' +
  '{{- else if kindIs "slice" . -}}[{{- range . -}}{{ include "types" . }},{{- end -}}]{{- else -}}{{ typeOf . | quote }}{{- end -}}{{- end -}}\n';

/** The same text the template above prints, from our values. */
function typeTree(v: GoValue): string {
  if (v instanceof GoMap) return `{${[...v.keys()].sort().map((k) => `${JSON.stringify(k)}:${typeTree(v.get(k) as GoValue)},`).join("")}}`;
  if (Array.isArray(v)) return `[${v.map((x) => `${typeTree(x)},`).join("")}]`;
  return JSON.stringify(goTypeName(v));
}

type Flag = "set" | "setString" | "setJson" | "setLiteral";
const FLAG_NAMES: Record<Flag, string> = { set: "--set", setString: "--set-string", setJson: "--set-json", setLiteral: "--set-literal" };

const CASES: Array<[Flag, string]> = [
  ["set", "a=1"],
  ["set", "a=0"],
  ["set", "a=01"],
  ["set", "a=-5"],
  ["set", "a=+5"],
  ["set", "a=1.5"],
  ["set", "a=1e3"],
  ["set", "a=true,b=TRUE,c=False,d=null,e=Null"],
  ["set", "a="],
  ["set", "a=9223372036854775807"],
  ["set", "a=9223372036854775808"],
  ["set", "a.b.c=x"],
  ["set", "a[0]=x"],
  ["set", "a[2]=x"],
  ["set", "a[0].b=1,a[1].c=2"],
  ["set", "a[1][1]=x"],
  ["set", "a={x,y,z}"],
  ["set", "a={}"],
  ["set", "a={1,true,null}"],
  ["set", "a=b\\,c"],
  ["set", "a\\.b=c"],
  ["set", "a=x,b=y"],
  ["set", "name=a=b"],
  ["set", "a={x},b=2"],
  ["set", "a[0]="],
  ["set", "=a"],
  ["set", "a"],
  ["set", "a."],
  ["set", "a=b,c"],
  ["set", "a[x]=1"],
  ["set", "a[-1]=1"],
  ["set", "a[0]x=1"],
  ["set", "a={x,y"],
  ["set", "a=1,a.b=2"],
  ["set", "a.b=1,a[0]=2"],
  ["set", "a[70000]=1"],
  ["set", "a[0"],
  ["set", "a\x01b"],
  ["set", "ключ"],
  ["setString", "a=1,b=true,c=null,d={1,2}"],
  ["setString", "a[0].b=007"],
  ["setJson", "a=1"],
  ["setJson", 'a={"b":[1,2.5,null,"s"]}'],
  ["setJson", "a="],
  ["setJson", "a=null"],
  ["setJson", 'a="s",b=2'],
  ["setJson", "a=[1, 2] , b=3"],
  ["setJson", "a[1]={\"x\":1}"],
  ["setJson", '{"top":{"n":1}}'],
  ["setJson", "a=nope"],
  ["setJson", "{bad"],
  ["setLiteral", "a=b,c=d"],
  ["setLiteral", "a.b={x}"],
  ["setLiteral", "a[1]=x=y"],
  ["setLiteral", "a\\b=c"],
  ["setLiteral", "a"],
];

let chartDir = "";
let chart: Chart;
beforeAll(async () => {
  chartDir = await writeTree({
    "Chart.yaml": "apiVersion: v2\nname: sv\nversion: 1.0.0\n",
    "templates/_types.tpl": TYPES_TEMPLATE,
    "templates/json.yaml": "{{ toJson .Values }}\n",
    "templates/types.yaml": '{{ include "types" .Values }}\n',
  });
  chart = await loadChartDirectory(chartDir);
});
afterAll(async () => removeTree(chartDir));

describe("--set parsing against helm", () => {
  it.concurrent.for(CASES)("%s %s", async ([flag, input], { expect }) => {
    const helm = await runHelm(["template", "r", chartDir, FLAG_NAMES[flag], input]);
    const options: UserValueOptions = { [flag]: [input] };
    if (helm.code !== 0) {
      expect(() => mergeUserValues(options)).toThrow(ChartError);
      let message = "";
      try {
        mergeUserValues(options);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe(helmErrorMessage(helm.stderr));
      return;
    }
    const values = prepareRender(chart, { release: { name: "r" }, values: options }).values;
    const docs = helm.stdout.split(/^---\n# Source: .*\n/m).filter((d) => d !== "");
    expect(toJsonValue(values)).toEqual(JSON.parse(docs[0]));
    expect(typeTree(values)).toBe(docs[1].trim());
  });
});

describe("--set typing", () => {
  it("makes base-10 integers int64 and leaves everything else a string", () => {
    const v = mergeUserValues({ set: ["i=42,z=0,neg=-3,lead=007,f=1.5,big=99999999999999999999"] });
    expect([...v].map(([k, x]) => [k, goTypeName(x)])).toEqual([
      ["i", "int64"],
      ["z", "int64"],
      ["neg", "int64"],
      ["lead", "string"],
      ["f", "string"],
      ["big", "string"],
    ]);
  });
});
