/** Reading a release's state through the real helm binary. */
import path from "node:path";
import { type SandboxFixture, helm } from "./sandbox-fixture";

export const HOOKED_CHART = path.resolve(import.meta.dirname, "..", "charts", "hooked");

export interface RevisionSummary {
  revision: number;
  status: string;
  description: string;
}

export async function history(fx: SandboxFixture, release: string, namespace = "default"): Promise<RevisionSummary[]> {
  const result = await helm(fx, ["history", release, "--namespace", namespace, "-o", "json"]);
  if (result.code !== 0) throw new Error(`helm history failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as Array<{ revision: number; status: string; description: string }>).map(({ revision, status, description }) => ({ revision, status, description }));
}
