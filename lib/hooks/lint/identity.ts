/**
 * Two objects of the release with the same kind, name and namespace. Between hooks, the later hook's
 * before-hook-creation deletes the earlier one (or the create collides); between a hook and a resource, the hook
 * replaces or deletes the release's own object, since hooks carry no ownership and Helm deletes by name.
 */
import type { ParsedDocument } from "../document";
import { pairAt } from "../document";
import { isClusterScoped } from "../kind-order";
import { locate } from "../positions";
import type { LintContext, LintRule } from "./context";

interface Member {
  document: ParsedDocument;
  /** Events of a hook; `undefined` for a regular resource. */
  events?: readonly string[];
}

function identity(document: ParsedDocument, namespace: string): string {
  const scope = isClusterScoped(document.kind) ? "" : document.namespace || namespace;
  return `${document.kind}\u0000${scope}\u0000${document.name}`;
}

function describe(member: Member): string {
  const at = locate(member.document, pairAt(member.document.tree, ["metadata", "name"])?.value);
  return `${member.events ? "hook" : "resource"} at ${at.file}:${at.line}`;
}

export const identityRules: LintRule = (context: LintContext) => {
  const groups = new Map<string, Member[]>();
  for (const entry of context.classified) {
    if (entry.type !== "hook" && entry.type !== "resource") continue;
    const { document } = entry;
    if (document.name === "" || document.kind === "") continue;
    const key = identity(document, context.namespace);
    const members = groups.get(key) ?? [];
    members.push(entry.type === "hook" ? { document, events: entry.hook.events } : { document });
    groups.set(key, members);
  }
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    const [first, ...rest] = members as [Member, ...Member[]];
    for (const member of rest) {
      const { kind, name } = member.document;
      const namespace = isClusterScoped(kind) ? "" : ` in namespace ${member.document.namespace || context.namespace}`;
      const bothHooks = member.events !== undefined && first.events !== undefined;
      // Hooks of different events never exist at once by design: each run just replaces the other's leftover.
      const sharedEvent = bothHooks && member.events!.some((event) => first.events!.includes(event));
      const consequence = bothHooks
        ? sharedEvent
          ? "within the same event the hook created later deletes or overwrites the other (before-hook-creation deletes by name)"
          : "they run in different events, so each run deletes or overwrites the other's leftover object"
        : member.events !== undefined || first.events !== undefined
          ? "hooks carry no ownership, so the hook deletes or overwrites the release's own object and the next upgrade fights over it"
          : "Helm cannot create the release with two copies of one object";
      context.report(
        member.document,
        pairAt(member.document.tree, ["metadata", "name"])?.value,
        bothHooks && !sharedEvent ? "info" : "error",
        "duplicate-object",
        `${kind}/${name}${namespace} is also defined as a ${describe(first)}: ${consequence}.`,
      );
    }
  }
};
