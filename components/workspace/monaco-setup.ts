/**
 * Monaco, bundled with the app instead of fetched from a CDN (the dashboard must work offline): hands the local
 * monaco-editor 0.52 to @monaco-editor/react's loader, starts Monaco's workers from bundled files, and registers
 * the helm-template language (YAML with Go-template actions) and its colours. Imported only by client code that
 * runs in the browser (through next/dynamic with ssr: false), because monaco-editor touches `window` on import.
 */
import { loader } from "@monaco-editor/react";
import * as monaco from "monaco-editor";
import { HELM_TEMPLATE_LANGUAGE, helmTemplateConfiguration, helmTemplateMonarch, helmTemplateThemeRules } from "@/lib/workspace/go-template-language";

export const WORKSPACE_THEME = "hookline-light";

let configured = false;

export function setUpMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  self.MonacoEnvironment = {
    getWorker(_moduleId: string, label: string) {
      if (label === "json") return new Worker(new URL("monaco-editor/esm/vs/language/json/json.worker.js", import.meta.url), { type: "module" });
      return new Worker(new URL("monaco-editor/esm/vs/editor/editor.worker.js", import.meta.url), { type: "module" });
    },
  };
  loader.config({ monaco });
  monaco.languages.register({ id: HELM_TEMPLATE_LANGUAGE, extensions: [".tpl"], aliases: ["Helm template"] });
  monaco.languages.setLanguageConfiguration(HELM_TEMPLATE_LANGUAGE, helmTemplateConfiguration);
  monaco.languages.setMonarchTokensProvider(HELM_TEMPLATE_LANGUAGE, helmTemplateMonarch);
  monaco.editor.defineTheme(WORKSPACE_THEME, { base: "vs", inherit: true, rules: helmTemplateThemeRules, colors: {} });
  // Schemas are never fetched: the browser must not reach outside this machine.
  monaco.languages.json.jsonDefaults.setDiagnosticsOptions({ validate: true, enableSchemaRequest: false, allowComments: false });
  return monaco;
}
