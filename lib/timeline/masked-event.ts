/** Lifecycle events as a browser may see them: a hook's manifest (env values, Secret data) masked. */
import type { LifecycleEvent } from "@/lib/lifecycle/events";
import { maskManifest } from "@/lib/mask/secrets";

export function maskedEvent(event: LifecycleEvent): LifecycleEvent {
  return event.type === "hook.running" ? { ...event, manifest: maskManifest(event.manifest) } : event;
}

/** A stored event's JSON payload with the same masking, for streams that pass stored payloads through. */
export function maskedEventPayload(payload: string): string {
  let event: unknown;
  try {
    event = JSON.parse(payload);
  } catch {
    return payload;
  }
  if (typeof event !== "object" || event === null || (event as { type?: unknown }).type !== "hook.running") return payload;
  const manifest = (event as { manifest?: unknown }).manifest;
  return typeof manifest === "string" ? JSON.stringify({ ...event, manifest: maskManifest(manifest) }) : payload;
}
