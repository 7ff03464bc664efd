import { describe, expect, it } from "vitest";
import { maskedEventPayload } from "@/lib/timeline/masked-event";

const SECRET_HOOK = [
  "apiVersion: v1",
  "kind: Secret",
  "metadata:",
  "  name: creds",
  "stringData:",
  "  password: hunter2-very-secret",
].join("\n");

describe("stored event payloads streamed to the browser", () => {
  it("masks a running hook's manifest and leaves the rest of the event as stored", () => {
    const stored = JSON.stringify({ type: "hook.running", at: "2026-11-24T09:00:00.000Z", event: "pre-upgrade", kind: "Secret", name: "creds", manifest: SECRET_HOOK });
    const sent = JSON.parse(maskedEventPayload(stored));
    expect(sent.manifest).not.toContain("hunter2-very-secret");
    expect(sent.manifest).toContain("password:");
    expect({ ...sent, manifest: undefined }).toEqual({ ...JSON.parse(stored), manifest: undefined });
  });

  it("passes other events and unparsable payloads through unchanged", () => {
    const other = JSON.stringify({ type: "hook.succeeded", at: "2026-11-24T09:00:01.000Z", name: "creds" });
    expect(maskedEventPayload(other)).toBe(other);
    expect(maskedEventPayload("not json")).toBe("not json");
  });
});
