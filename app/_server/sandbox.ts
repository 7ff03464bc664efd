/**
 * The embedded sandbox cluster's own API (`/sandbox/v1`: scenarios, reset), reached over HTTP at the server URL of
 * the kubeconfig `npm start` wrote. Only when Hookline runs on the sandbox; a real cluster has no such API.
 */
import { existsSync, readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { sandboxKubeconfigPath } from "@/lib/health/cluster-probe";

export const scenarioInputSchema = z.object({
  kind: z.enum(["Job", "Pod"]),
  name: z.string().min(1).max(253).regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, "a Kubernetes object name"),
  namespace: z.string().max(63).optional(),
  action: z.enum(["fail", "hang", "slow", "succeed"]),
  duration: z.string().max(20).regex(/^(\d+(ms|s|m|h))*$/, "a duration such as 30s or 2m").optional(),
  logs: z.string().max(10_000).optional(),
});
export type ScenarioInput = z.infer<typeof scenarioInputSchema>;
export type Scenario = ScenarioInput & { id: string; used: number; times: number };

export function sandboxUrl(): string | undefined {
  if (process.env.KUBECONFIG?.trim()) return undefined;
  const file = sandboxKubeconfigPath();
  if (!existsSync(/*turbopackIgnore: true*/ file)) return undefined;
  const config = parse(readFileSync(/*turbopackIgnore: true*/ file, "utf8")) as { clusters?: Array<{ cluster?: { server?: string } }> };
  return config.clusters?.[0]?.cluster?.server?.replace(/\/+$/, "");
}

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const base = sandboxUrl();
  if (!base) throw new Error("Hookline is not running on its sandbox cluster");
  const res = await fetch(`${base}/sandbox/v1${path}`, {
    method,
    headers: body ? { "Content-Type": "application/json" } : undefined,
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`sandbox answered ${res.status}: ${await res.text()}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

export async function listScenarios(): Promise<Scenario[]> {
  const data = await call<Scenario[] | { items: Scenario[] }>("GET", "/scenarios");
  return Array.isArray(data) ? data : data.items;
}

export const addScenario = (input: ScenarioInput) => call<Scenario>("POST", "/scenarios", { ...input, times: 1 });
export const removeScenario = (id: string) => call<unknown>("DELETE", `/scenarios/${encodeURIComponent(id)}`);
export const resetSandbox = () => call<unknown>("POST", "/reset");
