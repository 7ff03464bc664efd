"use client";
/**
 * "Import chart": three ways to bring a chart into the workspace — a .tgz upload, a folder upload (each file with
 * its path relative to the chosen folder), or the chart stored in a deployed release. Each form shows the server's
 * answer and opens the imported chart.
 */
import { useRouter } from "next/navigation";
import { useActionState, useEffect, useState, type FormEvent } from "react";
import { importArchive, importFolder, importFromRelease } from "@/app/charts/actions";
import { MAX_UPLOAD_BYTES, type ImportResult } from "@/app/charts/limits";

const input = "mt-1 w-full rounded-md border border-slate-300 px-2 py-1 text-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-200";
const button = "rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-60";

function Outcome({ state, id }: { state: ImportResult | null; id: string }) {
  if (!state || state.ok) return null;
  return (
    <p id={id} role="alert" className="text-sm text-red-700">
      {state.error}
    </p>
  );
}

function useOpenOnSuccess(state: ImportResult | null) {
  const router = useRouter();
  useEffect(() => {
    if (state?.ok) router.push(`/charts/${state.chartId}`);
  }, [state, router]);
}

function ArchiveForm() {
  const [state, action, pending] = useActionState(importArchive, null);
  useOpenOnSuccess(state);
  return (
    <form action={action} className="space-y-2" aria-label="Upload a chart archive">
      <h3 className="text-sm font-medium">Upload a packaged chart</h3>
      <label htmlFor="archive" className="block text-xs text-slate-600">
        Chart archive (.tgz, at most {Math.floor(MAX_UPLOAD_BYTES / 1024)} KiB)
      </label>
      <input id="archive" name="archive" type="file" accept=".tgz,.tar.gz,application/gzip" required className={input} />
      <button type="submit" disabled={pending} className={button}>
        {pending ? "Importing…" : "Import archive"}
      </button>
      <Outcome state={state} id="archive-error" />
    </form>
  );
}

function FolderForm() {
  const [state, action, pending] = useActionState(importFolder, null);
  const [clientError, setClientError] = useState<string | null>(null);
  useOpenOnSuccess(state);
  // The browser gives each file's path in webkitRelativePath, which FormData does not carry: send it alongside.
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const picker = e.currentTarget.elements.namedItem("folder") as HTMLInputElement;
    const files = [...(picker.files ?? [])];
    if (files.length === 0) return setClientError("Choose a chart folder.");
    const total = files.reduce((n, f) => n + f.size, 0);
    if (total > MAX_UPLOAD_BYTES) return setClientError(`The folder holds ${total} bytes; the limit is ${MAX_UPLOAD_BYTES} bytes.`);
    setClientError(null);
    const data = new FormData();
    for (const f of files) {
      data.append("files", f);
      data.append("paths", f.webkitRelativePath || f.name);
    }
    action(data);
  };
  return (
    <form onSubmit={onSubmit} className="space-y-2" aria-label="Upload a chart folder">
      <h3 className="text-sm font-medium">Upload a chart folder</h3>
      <label htmlFor="folder" className="block text-xs text-slate-600">
        Chart folder (the one holding Chart.yaml)
      </label>
      {/* webkitdirectory is not in React's input attribute types; spread it so TypeScript accepts it. */}
      <input id="folder" name="folder" type="file" multiple {...{ webkitdirectory: "" }} className={input} />
      <button type="submit" disabled={pending} className={button}>
        {pending ? "Importing…" : "Import folder"}
      </button>
      {clientError && (
        <p role="alert" className="text-sm text-red-700">
          {clientError}
        </p>
      )}
      <Outcome state={state} id="folder-error" />
    </form>
  );
}

function ReleaseForm({ contexts }: { contexts: string[] }) {
  const [state, action, pending] = useActionState(importFromRelease, null);
  // Controlled, because React resets uncontrolled fields after a form action, and a typo should not be retyped.
  const [context, setContext] = useState(contexts[0] ?? "");
  const [namespace, setNamespace] = useState("default");
  const [release, setRelease] = useState("");
  useOpenOnSuccess(state);
  return (
    <form action={action} className="space-y-2" aria-label="Import from a release">
      <h3 className="text-sm font-medium">Take the chart of a deployed release</h3>
      <div className="grid grid-cols-3 gap-2">
        <div>
          <label htmlFor="release-context" className="block text-xs text-slate-600">
            Context
          </label>
          <select id="release-context" name="context" value={context} onChange={(e) => setContext(e.target.value)} className={input}>
            {contexts.map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="release-namespace" className="block text-xs text-slate-600">
            Release namespace
          </label>
          <input id="release-namespace" name="namespace" required value={namespace} onChange={(e) => setNamespace(e.target.value)} className={input} />
        </div>
        <div>
          <label htmlFor="release-name" className="block text-xs text-slate-600">
            Release name
          </label>
          <input id="release-name" name="release" required value={release} onChange={(e) => setRelease(e.target.value)} className={input} />
        </div>
      </div>
      <button type="submit" disabled={pending || contexts.length === 0} className={button}>
        {pending ? "Importing…" : "Import from release"}
      </button>
      {contexts.length === 0 && <p className="text-xs text-slate-500">No cluster is configured.</p>}
      <Outcome state={state} id="release-error" />
    </form>
  );
}

export function ImportChartForms({ contexts }: { contexts: string[] }) {
  return (
    <section role="region" aria-label="Import chart" className="grid gap-6 rounded-lg border border-slate-200 bg-white p-4 md:grid-cols-3">
      <h2 className="sr-only">Import chart</h2>
      <ArchiveForm />
      <FolderForm />
      <ReleaseForm contexts={contexts} />
    </section>
  );
}
