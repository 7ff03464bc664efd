/**
 * lib/lifecycle: Hookline's release lifecycle engine with helm 4's semantics — install, upgrade, rollback,
 * uninstall and test, one shared hook runner, typed progress events and a database recorder. Rendering is handed
 * in (`Renderer`); the cluster client and the release store come in through a `Configuration`. Never calls helm.
 */
export * from "./events";
export { createOperationRecorder, type OperationRecordInput, type OperationRecorder } from "./recorder";
export { processLocks, openSession, type ClusterClient, type Configuration, type Session } from "./configuration";
export { ReleaseLocks, OperationInProgressError } from "./locks";
export { renderedFromFiles, type CrdFile, type CrdSource, type Rendered, type RenderOverrides, type RenderRelease, type Renderer } from "./render";
export { executablePostRenderer, postRenderFiles, resolvePostRenderer, type PostRenderer } from "./post-render";
export {
  HOOK_EVENTS,
  CancelledError,
  HookFailedError,
  hooksForEvent,
  runHooks,
  type HookCleanup,
  type HookEvent,
  type HookRunOptions,
  type WaitStrategy,
} from "./hooks";
export { LifecycleError, PENDING_ERROR, DEFAULT_TIMEOUT_MS, DEFAULT_HISTORY_MAX, validateReleaseName, type CommonOptions, type DryRun } from "./operation";
export { runInstall, installRelease, type InstallOptions } from "./install";
export { runUpgrade, upgradeRelease, type UpgradeOptions } from "./upgrade";
export { runRollback, rollbackRelease, type RollbackOptions } from "./rollback";
export { runUninstall, uninstallRelease, type UninstallOptions } from "./uninstall";
export { runTest, testRelease, type TestOptions } from "./test";
export { buildObjects, identity, withOwnership } from "./objects";
export { chartRecord, hooklineRenderer } from "./hookline-renderer";
