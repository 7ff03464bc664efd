/**
 * `helm template`'s flags as data, shared by `hookline template`, the conformance tests and anything else that wants
 * to render "like helm template NAME CHART <flags>". Parsing of the command line is commander's (lib/cli); this
 * module turns the parsed flags into render options, reading `-f` and `--set-file` files through the given reader.
 */
import type { RenderChartOptions } from "./render-chart";

export interface TemplateFlags {
  namespace?: string;
  values?: string[];
  set?: string[];
  setString?: string[];
  setJson?: string[];
  setFile?: string[];
  setLiteral?: string[];
  kubeVersion?: string;
  apiVersions?: string[];
  includeCrds?: boolean;
  /** Accepted as helm template accepts it; it only stops CRDs from being installed, so it never hides them here. */
  skipCrds?: boolean;
  showOnly?: string[];
  isUpgrade?: boolean;
  skipTests?: boolean;
  noHooks?: boolean;
  skipSchemaValidation?: boolean;
}

export function renderOptionsFromFlags(releaseName: string, flags: TemplateFlags, readFile: (path: string) => string): RenderChartOptions {
  return {
    release: { name: releaseName, namespace: flags.namespace || "default", isUpgrade: flags.isUpgrade ?? false },
    values: {
      valueFiles: (flags.values ?? []).map((name) => ({ name, content: readFile(name) })),
      set: flags.set,
      setString: flags.setString,
      setJson: flags.setJson,
      setFile: flags.setFile,
      setLiteral: flags.setLiteral,
      readFile,
    },
    capabilities: { kubeVersion: flags.kubeVersion, apiVersions: flags.apiVersions },
    skipSchemaValidation: flags.skipSchemaValidation,
    output: {
      // helm template --include-crds --skip-crds still prints the CRDs (verified with helm 4.1.4).
      includeCrds: flags.includeCrds,
      showOnly: flags.showOnly,
      skipTests: flags.skipTests,
      disableHooks: flags.noHooks,
    },
  };
}
