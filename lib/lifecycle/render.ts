/**
 * Rendering is not the engine's job: an operation is handed a `Renderer` that turns a chart and values into the
 * release manifest, the hook records and the notes. Hookline's template engine, or (in tests) the real helm,
 * plug in here. `renderedFromFiles` does the part after any template engine, as helm does it: NOTES removed,
 * documents split and classified, hooks and resources sorted by kind, `# Source:` headers.
 */
import { sortRenderedFiles } from "@/lib/chart/template-output";
import type { Hook, ReleaseChart } from "@/lib/release";
import type { ClusterClient } from "./configuration";

/** What a template sees as `.Release`. */
export interface RenderRelease {
  name: string;
  namespace: string;
  revision: number;
  isInstall: boolean;
  isUpgrade: boolean;
}

export interface Rendered {
  /** The release manifest: regular resources only, each as `---\n# Source: <path>\n<doc>\n`. */
  manifest: string;
  /** Hook records in stored (kind) order, `last_run` empty. */
  hooks: Hook[];
  notes: string;
}

/** How a render departs from the chart as loaded. */
export interface RenderOverrides {
  /**
   * Values that replace the chart's own defaults (`values.yaml`): `upgrade --reuse-values` renders the new chart's
   * templates over the old release's coalesced values, as helm does.
   */
  chartValues?: Record<string, unknown>;
  /**
   * The cluster the templates see, as helm 4's install and upgrade render (and `--dry-run=server`): `.Capabilities`
   * from its discovery and `lookup` against it. Absent for client-only renders (`--dry-run=client`, like `helm
   * template`): the defaults, and an empty `lookup`.
   */
  cluster?: ClusterClient;
}

/** `values` are the user-supplied values; the renderer coalesces them with the chart's defaults. */
export type Renderer = (
  chart: ReleaseChart,
  values: Record<string, unknown>,
  release: RenderRelease,
  overrides?: RenderOverrides,
) => Promise<Rendered> | Rendered;

/** One file of a chart's `crds/` folder (or a subchart's): `name` as helm reports it (`crds/x.yaml`). */
export interface CrdFile {
  name: string;
  content: string;
}

/**
 * The CRD files an install creates before anything else, for the given user values (values decide which
 * subcharts are enabled, and with them which crds/ folders count).
 */
export type CrdSource = (values: Record<string, unknown>) => CrdFile[] | Promise<CrdFile[]>;

/** From the engine's output (template path → rendered text) to a manifest, hooks and notes, as helm does. */
export function renderedFromFiles(files: ReadonlyMap<string, string>, rootChartName: string): Rendered {
  const sorted = sortRenderedFiles(files, rootChartName);
  let manifest = "";
  for (const m of sorted.manifests) manifest += `---\n# Source: ${m.path}\n${m.content}\n`;
  const hooks: Hook[] = sorted.hooks.map((doc) => ({
    name: doc.head.metadata?.name ?? "",
    kind: doc.head.kind,
    path: doc.path,
    manifest: doc.content,
    events: [...(doc.hook?.events ?? [])],
    last_run: { phase: "" },
    weight: doc.hook?.weight ?? 0,
    delete_policies: [...(doc.hook?.deletePolicies ?? [])],
    output_log_policies: [...(doc.hook?.outputLogPolicies ?? [])],
  }));
  return { manifest, hooks, notes: sorted.notes ?? "" };
}
