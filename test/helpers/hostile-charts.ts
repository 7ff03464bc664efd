/**
 * Charts written to hurt the renderer, each with the clear error it must end in. `stops` says which guard ends it:
 * the template engine's own limits (in any process, the CLI too), or only the render pool around a worker (a builtin
 * that runs long between the engine's deadline checks, or memory that grows across many calls).
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
  { id: "endless-range", what: "a range of a million inside a range of a million", template: "{{ range until 1000000 }}{{ range until 1000000 }}{{ end }}{{ end }}", error: /rendering took longer than the limit of \d+ ms/, stops: "engine-deadline" },
  {
    id: "slow-builtins",
    what: "a few huge calls of slow builtins (the engine checks its deadline between calls only)",
    template: '{{ range until 1000 }}{{ $_ := upper (repeat 10000000 "x") | sha256sum }}{{ end }}',
    error: /rendering took longer than the limit of \d+ ms/,
    stops: "pool",
  },
  {
    id: "memory-hog",
    what: "a thousand lists of a million numbers, each within the list limit, kept in a dict",
    template: '{{ $d := dict }}{{ range $i := until 1000 }}{{ $_ := set $d (toString $i) (until 1000000) }}{{ end }}{{ len $d }}',
    // Near the cap the garbage collector runs ever more often, so on a slow machine the deadline may come first.
    error: /^rendering (needed more memory than the limit of \d+ MB|took longer than the limit of \d+ ms)/,
    stops: "pool",
  },
  {
    id: "split-hog",
    what: "splitList of a 64 MB string, ten times over: huge single allocations (the shape that aborts a whole process from a worker thread)",
    template: '{{ $d := dict }}{{ range $i := until 10 }}{{ $_ := set $d (toString $i) (repeat 32000000 "a," | splitList ",") }}{{ end }}{{ len $d }}',
    error: /rendering needed more memory than the limit of \d+ MB/,
    stops: "pool",
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
