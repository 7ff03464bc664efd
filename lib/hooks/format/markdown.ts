/**
 * The pull-request form of a plan: a table per event in execution order, order notes as quotes under the table,
 * dropped objects and lint findings as lists. Everything user-controlled is escaped so a chart cannot break the
 * table or inject markup.
 */
import type { HookPlan, LintFinding, PlannedHook } from "../types";
import { HOOK_EVENTS } from "../vocabulary";

/** Escape text for a Markdown table cell or list item. */
function escape(text: string): string {
  return text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\r?\n/g, " ");
}

/** Code spans cannot contain their own delimiter run; pick a longer fence when needed. */
function code(text: string): string {
  const flat = text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
  return flat.includes("`") ? `\`\` ${flat} \`\`` : `\`${flat}\``;
}

const SEVERITY_MARK = { error: "🔴 error", warning: "🟠 warning", info: "🔵 info" } as const;

function row(hook: PlannedHook): string {
  const policies = hook.deletePolicies.map((p) => code(p)).join(", ") + (hook.defaultDeletePolicy ? " (default)" : "");
  return `| ${hook.position} | ${code(`${hook.kind}/${hook.name || "(no name)"}`)} | ${hook.weight} | ${hook.waited ? "yes" : "no"} | ${hook.onSuccess} | ${hook.onFailure} | ${policies} | ${code(`${hook.source}:${hook.line}`)} |`;
}

export function formatMarkdown(plan: HookPlan, lint: readonly LintFinding[]): string {
  const out: string[] = ["### Hook plan", ""];
  const used = HOOK_EVENTS.filter((event) => plan.events[event].length > 0);
  if (used.length === 0) out.push("_This chart has no hooks._", "");
  for (const event of used) {
    const hooks = plan.events[event];
    out.push(`#### \`${event}\``, "");
    out.push("| # | Hook | Weight | Waited | On success | On failure | Delete policies | Source |");
    out.push("|---|---|---|---|---|---|---|---|");
    for (const hook of hooks) out.push(row(hook));
    out.push("");
    const notes = hooks
      .filter((hook) => hook.orderNote)
      .map((hook) => `> **Order (${hook.position}):** ${escape(`${hook.kind}/${hook.name} ${hook.orderNote}`)}`);
    if (notes.length > 0) out.push(notes.join("\n>\n"), "");
  }
  if (plan.dropped.length > 0) {
    out.push("#### Dropped by Helm", "", "Unknown hook event: these objects are neither hooks nor resources of the release.", "");
    for (const d of plan.dropped) out.push(`- ${code(`${d.kind}/${d.name}`)} in ${code(`${d.source}:${d.line}`)}: ${code(`helm.sh/hook: ${d.hook}`)}`);
    out.push("");
  }
  if (plan.invalid.length > 0) {
    out.push("#### Unparsable documents", "");
    for (const i of plan.invalid) out.push(`- ${code(`${i.source}:${i.line}:${i.column}`)} ${escape(i.message)}`);
    out.push("");
  }
  if (lint.length > 0) {
    out.push("#### Lint", "");
    for (const f of lint) out.push(`- ${SEVERITY_MARK[f.severity]} ${code(`${f.file}:${f.line}:${f.column}`)} ${escape(f.message)} (${code(f.rule)})`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
