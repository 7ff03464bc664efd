/**
 * Kubeconfig for a sandbox. The server is plain `http://`; `insecure-skip-tls-verify: true` is still set because
 * @kubernetes/client-node 1.4.0 refuses clusters without TLS settings. helm and kubectl ignore it for http.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";

export const SANDBOX_CONTEXT = "hookline-sandbox";

export function kubeconfigYaml(url: string, namespace = "default"): string {
  return YAML.stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: SANDBOX_CONTEXT, cluster: { server: url, "insecure-skip-tls-verify": true } }],
    users: [{ name: SANDBOX_CONTEXT, user: { token: "hookline-sandbox" } }],
    contexts: [{ name: SANDBOX_CONTEXT, context: { cluster: SANDBOX_CONTEXT, user: SANDBOX_CONTEXT, namespace } }],
    "current-context": SANDBOX_CONTEXT,
    preferences: {},
  });
}

export function writeKubeconfigFile(file: string, url: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, kubeconfigYaml(url), { mode: 0o600 });
}
