/**
 * "helm-template": a Monarch grammar for chart templates, i.e. YAML with Go-template actions (`{{ … }}`, trim
 * markers `{{-`/`-}}`, Go comment actions opened by `{{/` and a star) embedded anywhere, even mid-scalar. Outside actions it tokenises
 * YAML's keys, scalars, comments and document markers; inside them Go's keywords, variables, fields, strings,
 * numbers and pipes. Plain data, so it can be unit-tested without Monaco.
 */
import type { languages } from "monaco-editor";

export const HELM_TEMPLATE_LANGUAGE = "helm-template";

/** Files the editor opens in the helm-template language rather than plain YAML. */
export function isTemplateFile(path: string): boolean {
  return path.startsWith("templates/") || /^charts\/[^/]+\/templates\//.test(path);
}

export function languageFor(path: string): string {
  if (isTemplateFile(path) && !path.endsWith(".json")) return HELM_TEMPLATE_LANGUAGE;
  if (path.endsWith(".json")) return "json";
  if (/\.ya?ml$/.test(path)) return "yaml";
  if (path.endsWith(".md")) return "markdown";
  return "plaintext";
}

export const helmTemplateConfiguration: languages.LanguageConfiguration = {
  comments: { lineComment: "#", blockComment: ["{{/*", "*/}}"] },
  // Braces are left out: as brackets, Monaco's bracket-pair colouring would paint over the `{{ }}` token colour.
  brackets: [
    ["(", ")"],
    ["[", "]"],
  ],
  autoClosingPairs: [
    { open: "{{", close: " }}" },
    { open: "(", close: ")" },
    { open: "[", close: "]" },
    { open: '"', close: '"', notIn: ["string"] },
  ],
};

export const helmTemplateMonarch: languages.IMonarchLanguage = {
  defaultToken: "",
  tokenPostfix: ".helm",
  keywords: ["if", "else", "end", "range", "with", "define", "template", "block", "include", "break", "continue", "nil", "true", "false", "and", "or", "not"],
  tokenizer: {
    root: [
      // An action can start anywhere on a line, so it is tried before any YAML rule.
      [/\{\{-?\s*\/\*/, { token: "comment.template", next: "@templateComment" }],
      [/\{\{-?/, { token: "delimiter.template", next: "@action" }],
      [/^\s*#.*$/, "comment"],
      [/^(---|\.\.\.)\s*$/, "delimiter.document"],
      // Every group must take part in a match (Monarch reads each group's text), hence `(-\s+|)`, not `(-\s+)?`.
      [/^(\s*)(-\s+|)([\w.\-/"']+)(\s*:)(?=\s|$)/, ["white", "delimiter", "type.key", "delimiter"]],
      [/^(\s*)(-)(?=\s)/, ["white", "delimiter"]],
      [/"([^"\\{]|\\.)*"/, "string"],
      [/'([^'{])*'/, "string"],
      [/\b(true|false|null|yes|no|on|off)\b/, "keyword.yaml"],
      [/-?\d+(\.\d+)?([eE][+-]?\d+)?\b/, "number"],
      [/[|>][-+]?\s*$/, "operator"],
      [/\s#.*$/, "comment"],
      [/[^{#"'\s]+/, "string.unquoted"],
      [/\{/, "string.unquoted"],
      [/\s+/, "white"],
    ],
    templateComment: [
      [/\*\/\s*-?\}\}/, { token: "comment.template", next: "@pop" }],
      [/[^*]+/, "comment.template"],
      [/\*/, "comment.template"],
    ],
    action: [
      [/-?\}\}/, { token: "delimiter.template", next: "@pop" }],
      [/\$[\w]*/, "variable"],
      [/\.[A-Za-z_][\w]*/, "variable.field"],
      [/"([^"\\]|\\.)*"/, "string.template"],
      [/`[^`]*`/, "string.template"],
      [/'([^'\\]|\\.)'/, "string.template"],
      [/-?\d+(\.\d+)?/, "number.template"],
      [/:=|=|\|/, "operator.template"],
      [/[()]/, "delimiter.parenthesis"],
      [/[A-Za-z_][\w]*/, { cases: { "@keywords": "keyword.template", "@default": "function.template" } }],
      [/\./, "variable.field"],
      [/\s+/, "white"],
      [/./, "invalid"],
    ],
  },
};

/** Colours for the template tokens, layered on Monaco's light theme. */
export const helmTemplateThemeRules = [
  { token: "delimiter.template", foreground: "7c3aed", fontStyle: "bold" },
  { token: "keyword.template", foreground: "7c3aed", fontStyle: "bold" },
  { token: "function.template", foreground: "0e7490" },
  { token: "variable", foreground: "b45309" },
  { token: "variable.field", foreground: "b45309" },
  { token: "string.template", foreground: "15803d" },
  { token: "number.template", foreground: "1d4ed8" },
  { token: "operator.template", foreground: "7c3aed" },
  { token: "comment.template", foreground: "64748b", fontStyle: "italic" },
  { token: "type.key", foreground: "1e40af" },
  { token: "string.unquoted", foreground: "334155" },
];
