/** How fast simulated workloads move. Tests shorten these; the defaults look plausible in a UI. */
export interface SandboxTiming {
  /** Pending → Running. */
  podStartMs: number;
  /** How long a run-to-completion container (Job or hook Pod) runs unless a scenario says otherwise. */
  podRunMs: number;
  /** Pending PVC → Bound. */
  volumeBindMs: number;
}

export const DEFAULT_TIMING: SandboxTiming = { podStartMs: 200, podRunMs: 1500, volumeBindMs: 100 };
