/**
 * Post-rendering with helm 4's placement: every rendered template file (hooks included) goes through the
 * post-renderer as one YAML stream before documents are classified and sorted. Each document carries its
 * template path in an annotation on the way in, so what comes back is regrouped per file; documents the
 * post-renderer made up get `generated-by-postrender-<i>.yaml`. Documents are re-serialised (helm's kyaml does
 * that too, so formatting is not preserved).
 *
 * helm 4.1.4 only accepts a post-renderer *plugin* name; Hookline takes an executable (helm 3's form): it reads
 * the manifests on stdin and prints the new ones on stdout.
 */
import { spawn } from "node:child_process";
import { parseAllDocuments, stringify } from "yaml";
import { splitManifests } from "@/lib/chart/manifest-documents";

export const POST_RENDER_FILENAME_ANNOTATION = "postrenderer.helm.sh/postrender-filename";

/** Turns the stream of rendered manifests into the post-rendered stream. */
export type PostRenderer = (manifests: string) => Promise<string>;

/** A post-renderer that runs `command args…`, manifests on stdin, result from stdout; a failure keeps stderr. */
export function executablePostRenderer(command: string, args: string[] = []): PostRenderer {
  return (manifests) =>
    new Promise((resolve, reject) => {
      const child = spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] });
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

type Doc = Record<string, unknown> & { metadata?: Record<string, unknown> & { annotations?: Record<string, string> } };

function isDoc(value: unknown): value is Doc {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseDocs(text: string, where: string): Doc[] {
  const docs: Doc[] = [];
  for (const doc of parseAllDocuments(text, { version: "1.1" })) {
    if (doc.errors.length > 0) throw new Error(`${where}: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) continue;
    if (!isDoc(value)) throw new Error(`${where}: a document is not a mapping`);
    docs.push(value);
  }
  return docs;
}

const baseName = (path: string) => path.slice(path.lastIndexOf("/") + 1);

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
        const metadata = (doc.metadata ??= {});
        metadata.annotations = { ...(metadata.annotations ?? {}), [POST_RENDER_FILENAME_ANNOTATION]: path };
        stream += `---\n${stringify(doc)}`;
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
  let generated = 0;
  for (const doc of parseDocs(output, "post-renderer output")) {
    const annotations = doc.metadata?.annotations;
    const path = annotations?.[POST_RENDER_FILENAME_ANNOTATION] ?? `generated-by-postrender-${generated++}.yaml`;
    if (annotations) {
      delete annotations[POST_RENDER_FILENAME_ANNOTATION];
      if (Object.keys(annotations).length === 0) delete doc.metadata!.annotations;
    }
    regrouped.set(path, [...(regrouped.get(path) ?? []), stringify(doc)]);
  }
  for (const [path, docs] of regrouped) kept.set(path, docs.join("---\n"));
  return kept;
}
