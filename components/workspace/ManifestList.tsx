/** The rendered manifests of the edited chart, one block per source template, secrets already masked by the worker. */
import type { PreviewFile } from "@/lib/workspace/types";

export function ManifestList({ manifests }: { manifests: PreviewFile[] }) {
  if (manifests.length === 0) return <p className="text-sm text-slate-500">The templates render nothing.</p>;
  return (
    <div className="space-y-3">
      {manifests.map((m) => (
        <figure key={m.source} aria-label={`Rendered ${m.source}`}>
          <figcaption className="font-mono text-xs font-semibold text-slate-600"># Source: {m.source}</figcaption>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-900 p-2 font-mono text-xs text-slate-100">{m.text}</pre>
        </figure>
      ))}
    </div>
  );
}
