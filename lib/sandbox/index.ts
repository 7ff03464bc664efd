/**
 * Hookline's sandbox cluster: an embedded Kubernetes API server with simulated workloads. Start one with
 * `startSandbox()`, point helm/kubectl at `writeKubeconfig(file)`, script hooks with `scenarios`, read `audit`.
 */
export { startSandbox, type Sandbox, type SandboxOptions } from "./sandbox";
export { runSandboxCli, DEFAULT_SANDBOX_DATA_DIR } from "./cli";
export type { AuditEntry, AuditQuery, AuditVerb } from "./audit/audit-log";
export type { Scenario, ScenarioAction, ScenarioInput } from "./scenarios/scenario-book";
export type { FaultSettings, RequestVerb } from "./faults/faults";
export type { SandboxTiming } from "./controllers/timing";
export { OUTCOME_ANNOTATION, DURATION_ANNOTATION, LOGS_ANNOTATION } from "./scenarios/annotations";
export { kubeconfigYaml } from "./kubeconfig";
