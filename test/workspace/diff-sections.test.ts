import { describe, expect, it } from "vitest";
import { diffSnapshots, splitSnapshot } from "@/lib/workspace/diff-sections";
import { draftFingerprint } from "@/lib/workspace/draft-fingerprint";

const BEFORE = [
  "---",
  "# Source: demo/templates/web.yaml",
  "kind: Service",
  "metadata: {name: web}",
  "---",
  "# Source: demo/templates/web.yaml",
  "kind: Deployment",
  "spec:",
  "  replicas: 2",
  "---",
  "# Source: demo/templates/gone.yaml",
  "kind: ConfigMap",
  "---",
  "# Source: demo/templates/hook-backup.yaml (hook)",
  "kind: Job",
  "",
].join("\n");

const AFTER = [
  "---",
  "# Source: demo/templates/web.yaml",
  "kind: Service",
  "metadata: {name: web}",
  "---",
  "# Source: demo/templates/web.yaml",
  "kind: Deployment",
  "spec:",
  "  replicas: 3",
  "---",
  "# Source: demo/templates/new.yaml",
  "kind: Secret",
  "---",
  "# Source: demo/templates/hook-backup.yaml (hook)",
  "kind: Job",
  "",
].join("\n");

describe("diff sections of release snapshots", () => {
  it("groups the documents of one source, in order, without the separators", () => {
    expect(splitSnapshot(BEFORE)).toEqual([
      { source: "demo/templates/web.yaml", text: "kind: Service\nmetadata: {name: web}\n---\nkind: Deployment\nspec:\n  replicas: 2\n" },
      { source: "demo/templates/gone.yaml", text: "kind: ConfigMap\n" },
      { source: "demo/templates/hook-backup.yaml (hook)", text: "kind: Job\n" },
    ]);
  });

  it("compares per source with added and removed line counts, hooks marked", () => {
    const diff = diffSnapshots(BEFORE, AFTER).map(({ source, change, added, removed, hook }) => ({ source, change, added, removed, hook }));
    expect(diff).toEqual([
      { source: "demo/templates/web.yaml", change: "changed", added: 1, removed: 1, hook: false },
      { source: "demo/templates/gone.yaml", change: "removed", added: 0, removed: 1, hook: false },
      { source: "demo/templates/hook-backup.yaml (hook)", change: "unchanged", added: 0, removed: 0, hook: true },
      { source: "demo/templates/new.yaml", change: "added", added: 1, removed: 0, hook: false },
    ]);
  });

  it("fingerprints drafts by content, not by key order", () => {
    expect(draftFingerprint({ a: "1", b: "2" })).toBe(draftFingerprint({ b: "2", a: "1" }));
    expect(draftFingerprint({ a: "1", b: "2" })).not.toBe(draftFingerprint({ a: "1", b: "3" }));
    expect(draftFingerprint({ ab: "" })).not.toBe(draftFingerprint({ a: "b" }));
  });
});
