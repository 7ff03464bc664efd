/**
 * Post-rendering with helm 4's placement: every rendered template file (hooks included) goes through the
 * post-renderer as one YAML stream before documents are classified and sorted. Each document carries its
 * template path in an annotation on the way in, so what comes back is regrouped per file; documents the
 * post-renderer made up get `generated-by-postrender-<position in its output>.yaml`. Documents are re-serialised (helm's kyaml does
 * that too, so formatting is not preserved).
 *
 * `--post-renderer NAME` resolves as helm 4.1.4 does: a `postrenderer/v1` plugin with the subprocess runtime in
 * helm's plugins folder (HELM_PLUGINS, else HELM_DATA_HOME/plugins, else ~/.local/share/helm/plugins). Hookline
 * also accepts the path of an executable (helm 3's form, which helm 4.1.4 refuses): it reads the manifests on
 * stdin and prints the new ones on stdout. WebAssembly (extism) plugins are not supported.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import nodePath from "node:path";
import { Scalar, isMap, parse as parseYaml, parseAllDocuments, type Document } from "yaml";
import { splitManifests } from "@/lib/chart/manifest-documents";

export const POST_RENDER_FILENAME_ANNOTATION = "postrenderer.helm.sh/postrender-filename";

/** Turns the stream of rendered manifests into the post-rendered stream. */
export type PostRenderer = (manifests: string) => Promise<string>;

/** A post-renderer that runs `command args…`, manifests on stdin, result from stdout; a failure keeps stderr. */
export function executablePostRenderer(command: string, args: string[] = [], env?: NodeJS.ProcessEnv): PostRenderer {
  return (manifests) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"], env: env ?? process.env });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (b: Buffer) => out.push(b));
      child.stderr.on("data", (b: Buffer) => err.push(b));
      child.on("error", (error) => reject(new Error(`error while running command ${command}. error output:\n${error.message}`)));
      child.on("close", (code) => {
        if (code === 0) resolve(Buffer.concat(out).toString("utf8"));
        else reject(new Error(`error while running command ${command}. error output:\n${Buffer.concat(err).toString("utf8")}: exit status ${code}`));
      });
      child.stdin.on("error", () => undefined);
      child.stdin.end(manifests);
    });
}

function parseDocs(text: string, where: string): Document[] {
  const docs: Document[] = [];
  // Every scalar stays the text it was written as (kyaml edits nodes and never re-reads a value).
  for (const doc of parseAllDocuments(text, { schema: "failsafe" })) {
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0]!.message}`);
    if (doc.contents === null) continue;
    if (!isMap(doc.contents)) throw new Error(`${where}: a document is not a mapping`);
    docs.push(doc);
  }
  return docs;
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

/** One document as kyaml writes it: no `---` of its own, sequences not indented under their key, no folding. */
function documentText(doc: Document): string {
  if (doc.directives) doc.directives.docStart = null;
  return doc.toString({ lineWidth: 0, indentSeq: false, flowCollectionPadding: false });
}
const ANNOTATION_PATH = ["metadata", "annotations", POST_RENDER_FILENAME_ANNOTATION];

/** Rendered files (template path → text) through the post-renderer, back as files. NOTES files are left alone. */
export async function postRenderFiles(files: ReadonlyMap<string, string>, postRender: PostRenderer): Promise<Map<string, string>> {
  const kept = new Map<string, string>();
  let stream = "";
  for (const path of [...files.keys()].sort()) {
    const text = files.get(path)!;
    if (path.endsWith("NOTES.txt")) {
      kept.set(path, text);
      continue;
    }
    if (baseName(path).startsWith("_") || text.trim() === "") continue;
    for (const raw of splitManifests(text)) {
      for (const doc of parseDocs(raw, path)) {
        // Documents keep their formatting (as kyaml keeps it); only the annotation is added, single-quoted.
        if (!doc.hasIn(["metadata"])) doc.setIn(["metadata"], doc.createNode({}));
        if (!doc.hasIn(["metadata", "annotations"])) doc.setIn(["metadata", "annotations"], doc.createNode({}));
        doc.setIn(ANNOTATION_PATH, new Scalar(path));
        (doc.getIn(ANNOTATION_PATH, true) as Scalar).type = "QUOTE_SINGLE";
        stream += `${stream === "" ? "" : "---\n"}${documentText(doc)}`;
      }
    }
  }
  let output: string;
  try {
    output = await postRender(stream);
  } catch (error) {
    throw new Error(`error while running post render on files: ${(error as Error).message}`);
  }
  const regrouped = new Map<string, string[]>();
  for (const [index, doc] of parseDocs(output, "post-renderer output").entries()) {
    const named = doc.getIn(ANNOTATION_PATH);
    // A document the post-renderer made up is named after its position in the output stream.
    const path = typeof named === "string" && named !== "" ? named : `generated-by-postrender-${index}.yaml`;
    if (doc.hasIn(ANNOTATION_PATH)) {
      doc.deleteIn(ANNOTATION_PATH);
      const annotations = doc.getIn(["metadata", "annotations"], true);
      if (isMap(annotations) && annotations.items.length === 0) doc.deleteIn(["metadata", "annotations"]);
    }
    regrouped.set(path, [...(regrouped.get(path) ?? []), documentText(doc)]);
  }
  for (const [path, docs] of regrouped) kept.set(path, docs.join("---\n"));
  return kept;
}

/** helm's plugins folders, as its environment settings resolve them. */
function pluginDirectories(env: NodeJS.ProcessEnv): string[] {
  if (env.HELM_PLUGINS) return env.HELM_PLUGINS.split(nodePath.delimiter).filter(Boolean);
  const data = env.HELM_DATA_HOME || (env.XDG_DATA_HOME ? nodePath.join(env.XDG_DATA_HOME, "helm") : nodePath.join(os.homedir(), ".local", "share", "helm"));
  return [nodePath.join(data, "plugins")];
}

interface PluginCommand {
  os?: string;
  arch?: string;
  command?: string;
  args?: string[];
}

const GO_OS: Record<string, string> = { win32: "windows" };
const GO_ARCH: Record<string, string> = { x64: "amd64", ia32: "386" };

/** The subprocess post-renderer plugin called `name`, or undefined when helm would not find one. */
function findPlugin(name: string, env: NodeJS.ProcessEnv): { dir: string; command: PluginCommand } | undefined {
  for (const root of pluginDirectories(env)) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      const dir = nodePath.join(root, entry.name);
      const file = nodePath.join(dir, "plugin.yaml");
      if (!existsSync(file)) continue;
      let meta: { name?: string; type?: string; runtime?: string; runtimeConfig?: { platformCommand?: PluginCommand[] } };
      try {
        meta = parseYaml(readFileSync(file, "utf8")) as typeof meta;
      } catch {
        continue;
      }
      if (meta?.name !== name || meta.type !== "postrenderer/v1" || meta.runtime !== "subprocess") continue;
      const goOs = GO_OS[process.platform] ?? process.platform;
      const goArch = GO_ARCH[process.arch] ?? process.arch;
      const commands = meta.runtimeConfig?.platformCommand ?? [];
      const command =
        commands.find((c) => c.os === goOs && c.arch === goArch) ?? commands.find((c) => c.os === goOs && !c.arch) ?? commands.find((c) => !c.os && !c.arch);
      if (command?.command) return { dir, command };
    }
  }
  return undefined;
}

/** `--post-renderer NAME` and `--post-renderer-args`: a helm 4 plugin by name, else an executable's path. */
export function resolvePostRenderer(name: string, args: string[] = [], env: NodeJS.ProcessEnv = process.env): PostRenderer {
  const plugin = findPlugin(name, env);
  if (plugin) {
    const pluginEnv: NodeJS.ProcessEnv = { ...env, HELM_PLUGIN_NAME: name, HELM_PLUGIN_DIR: plugin.dir };
    const expand = (text: string) => text.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a: string | undefined, b: string | undefined) => pluginEnv[a ?? b ?? ""] ?? "");
    const [command, ...commandArgs] = expand(plugin.command.command!).split(" ").filter(Boolean);
    return executablePostRenderer(command!, [...commandArgs, ...(plugin.command.args ?? []).map(expand), ...args], pluginEnv);
  }
  if (name.includes("/") && existsSync(name)) return executablePostRenderer(name, args, env);
  throw new Error(`invalid argument "${name}" for "--post-renderer" flag: plugin: {Name:${name} Type:postrenderer/v1} not found`);
}
