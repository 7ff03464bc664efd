/**
 * What `kubectl logs` shows for a simulated Pod: the `sandbox.hookline.dev/logs` annotation when set, else the
 * text of `echo` commands in the container's command line, else a line saying what ran.
 */
import { LOGS_ANNOTATION, annotationsOf, outcomeOf } from "../scenarios/annotations";

type Json = Record<string, unknown>;

function echoedText(container: Json): string[] {
  const words = [...((container.command ?? []) as string[]), ...((container.args ?? []) as string[])];
  const script = words.join(" ");
  const lines: string[] = [];
  for (const match of script.matchAll(/echo\s+(?:"([^"]*)"|'([^']*)'|([^;&|]+))/g)) {
    lines.push((match[1] ?? match[2] ?? match[3] ?? "").trim());
  }
  return lines;
}

export function podLogText(pod: Json, containerName?: string, tailLines?: number): string {
  const containers = (((pod.spec ?? {}) as Json).containers ?? []) as Json[];
  const container = containers.find((c) => c.name === containerName) ?? containers[0] ?? {};
  const annotated = annotationsOf(pod)[LOGS_ANNOTATION];
  let lines: string[];
  if (annotated !== undefined) lines = annotated.replace(/\n$/, "").split("\n");
  else {
    lines = echoedText(container);
    if (lines.length === 0) lines = [`[sandbox] container ${String(container.name ?? "main")} (${String(container.image ?? "unknown image")}) started`];
    if (outcomeOf(pod) === "fail") lines.push(`[sandbox] container ${String(container.name ?? "main")} exited with code 1`);
  }
  if (tailLines !== undefined && tailLines >= 0) lines = lines.slice(Math.max(0, lines.length - tailLines));
  return lines.length ? `${lines.join("\n")}\n` : "";
}
