/**
 * Charts written to hurt the renderer, each with the clear error it must end in. `stops` says which guard ends it:
 * the template engine's own limits (in any process, the CLI too: output, nesting, list sizes, the memory a render
 * creates), the engine's deadline (in any process, but the CLI's is a minute), or only the render pool around a worker.
 * In a render worker, whose heap cap is smaller than the engine's memory limit, the pool may stop a memory hog first.
 */

export interface HostileChart {
  /** Release-name-safe id. */
  id: string;
  what: string;
  template: string;
  files?: Record<string, string>;
  /** The error the render ends in (the engine's helm-style text, or the pool's limit message). */
  error: RegExp;
  stops: "engine" | "engine-deadline" | "pool";
}

const lol = (name: string, of: string) => `${name}: &${name} [${Array.from({ length: 9 }, () => of).join(", ")}]`;
/** A limit the engine places at the template position where it was reached, as helm prints an execution error. */
const placed = (at: string, detail: string) => new RegExp(`^hostile/templates/t\\.yaml:${at}\n  executing "hostile/templates/t\\.yaml" at <.*>:\n    ${detail}$`);
const ENGINE_MEMORY = "rendering created more data than the memory limit of 512 MiB";
const ENGINE_REFUSED = "a function call given \\d+ characters or elements could need more memory than is left of the limit of 512 MiB";
const POOL_MEMORY = "^rendering needed more memory than the limit of \\d+ MB$";
/** The engine's memory limit: a result past it, or a call refused up front because its input could need more. */
const MEMORY = new RegExp(`${placed("1:\\d+", `(${ENGINE_MEMORY}|${ENGINE_REFUSED})`).source}|${POOL_MEMORY}`);

/** The billion laughs: nine levels of nine aliases, a billion strings once expanded. */
export const BILLION_LAUGHS = [`a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`, ..."bcdefghi".split("").map((c, i) => lol(c, `*${"abcdefgh"[i]}`))].join("\n") + "\n";

export const HOSTILE_CHARTS: HostileChart[] = [
  { id: "huge-until", what: "until of a huge number", template: "{{ range until 100000000 }}x{{ end }}", error: /error calling until: .*exceeds the limit of 1000000/, stops: "engine" },
  { id: "huge-seq", what: "seq of a huge range", template: "{{ seq 1 100000000 | len }}", error: /error calling seq: range of 100000000 elements exceeds the limit of 1000000/, stops: "engine" },
  { id: "huge-repeat", what: "a string of gigabytes from repeat", template: '{{ repeat 2000000000 "ab" }}', error: /error calling repeat: repeat: result longer than 67108864 bytes/, stops: "engine" },
  {
    id: "recursive-include",
    what: "an include that includes itself",
    template: '{{ define "loop" }}{{ include "loop" . }}{{ end }}{{ include "loop" . }}',
    error: /^template: hostile\/templates\/t\.yaml:1:53: executing .*rendering template has a nested reference name: loop: unable to execute template$/s,
    stops: "engine",
  },
  { id: "recursive-template", what: "a template that calls itself", template: '{{ define "t" }}{{ template "t" . }}{{ end }}{{ template "t" . }}', error: /template recursion is too deep/, stops: "engine" },
  {
    id: "recursive-tpl",
    what: "a tpl that evaluates itself",
    template: '{{ $t := "{{ tpl $.Values.x $ }}" }}{{ tpl $t (dict "Values" (dict "x" $t)) }}',
    error: /template recursion is too deep/,
    stops: "engine",
  },
  { id: "output-flood", what: "gigabytes of output from a printf loop", template: '{{ range until 100000 }}{{ printf "%0100000d" 1 }}{{ end }}', error: /rendered output is larger than the limit of 67108864 characters/, stops: "engine" },
  { id: "deep-dicts", what: "dicts nested 200,000 deep, printed with toJson", template: '{{ $d := dict }}{{ range until 200000 }}{{ $d = dict "x" $d }}{{ end }}{{ toJson $d }}', error: /template recursion is too deep/, stops: "engine" },
  { id: "self-reference", what: "a dict that contains itself, printed with toJson", template: '{{ $d := dict }}{{ $_ := set $d "self" $d }}{{ toJson $d }}', error: /template recursion is too deep/, stops: "engine" },
  // Each inner `until` creates a new list of a million numbers: the memory budget (which counts what a render
  // creates, garbage included) ends it within seconds, long before any deadline.
  { id: "endless-range", what: "a range of a million inside a range of a million", template: "{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}", error: /rendering created more data than the memory limit of \d+ MiB/, stops: "engine" },
  {
    id: "slow-builtins",
    what: "a few huge calls of a slow builtin (the engine checks its deadline right after each expensive call)",
    template: '{{ $s := repeat 10000000 "x" }}{{ range until 1000 }}{{ $_ := sha256sum $s }}{{ end }}',
    error: placed("1:\\d+", "rendering took longer than the limit of \\d+ ms"),
    stops: "engine-deadline",
  },
  {
    id: "memory-hog",
    what: "a thousand lists of a million numbers, each within the list limit, kept in a dict",
    template: '{{ $d := dict }}{{ range $i := until 1000 }}{{ $_ := set $d (toString $i) (until 1000000) }}{{ end }}{{ len $d }}',
    // In a render worker the heap cap (256 MB in the acceptance test) comes before the engine's 512 MiB.
    error: MEMORY,
    stops: "engine",
  },
  {
    id: "split-hog",
    what: "splitList of a 64 MB string, ten times over: huge single allocations (the shape that aborts a whole process from a worker thread)",
    template: '{{ $d := dict }}{{ range $i := until 10 }}{{ $_ := set $d (toString $i) (repeat 32000000 "a," | splitList ",") }}{{ end }}{{ len $d }}',
    error: placed("1:96", ENGINE_REFUSED),
    stops: "engine",
  },
  {
    id: "split-runes",
    what: "splitList of a 60 MB string of two-byte characters into single runes, once",
    template: '{{ $s := repeat 30000000 "é" }}{{ splitList "" $s | len }}',
    error: MEMORY,
    stops: "engine",
  },
  {
    id: "concat-split",
    what: "a string of 200 million characters from printf, then split: one allocation past V8's array limit",
    template: '{{ $a := repeat 32000000 "a," }}{{ $b := printf "%s%s%s%s%s%s" $a $a $a $a $a $a }}{{ splitList "," $b | len }}',
    error: placed("1:41", ENGINE_REFUSED),
    stops: "engine",
  },
  {
    id: "deep-copies",
    what: "deepCopy of a dict holding a million-element list, kept a hundred times (each result is small at its top level)",
    template: '{{ $v := dict "l" (until 1000000) }}{{ $d := dict }}{{ range $i := until 100 }}{{ $_ := set $d (toString $i) (deepCopy $v) }}{{ end }}{{ len $d }}',
    error: MEMORY,
    stops: "engine",
  },
  {
    id: "append-growth",
    what: "a list grown by append a hundred thousand times (each append copies the list)",
    template: '{{ $l := list }}{{ range $i := until 100000 }}{{ $l = append $l $i }}{{ end }}{{ len $l }}',
    error: MEMORY,
    stops: "engine",
  },
];

/** Hostile input that is answered rather than refused: quickly, with no harm. */
export const DEFUSED_CHARTS: Array<HostileChart & { answer: RegExp }> = [
  {
    id: "regex-bomb",
    what: "a regex that backtracks catastrophically in JavaScript (RE2 answers in linear time, as Go does)",
    template: 'matched: {{ regexMatch "^(a+)+$" (printf "%s!" (repeat 100000 "a")) }}',
    error: /^$/,
    answer: /matched: false/,
    stops: "engine",
  },
  {
    id: "billion-laughs",
    what: "fromYaml of a billion-laughs alias bomb (refused by the YAML decoder, as helm's is)",
    template: '{{ .Files.Get "bomb.yaml" | fromYaml | toYaml }}',
    files: { "bomb.yaml": BILLION_LAUGHS },
    error: /^$/,
    answer: /excessive aliasing/,
    stops: "engine",
  },
];

export function hostileChartFiles(chart: HostileChart): Record<string, string> {
  return { "Chart.yaml": `apiVersion: v2\nname: hostile\nversion: 0.1.0\n`, "templates/t.yaml": chart.template, ...chart.files };
}
