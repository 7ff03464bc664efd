/**
 * Chooses the cluster context and namespace the Releases page shows. A plain GET form, so it works without
 * JavaScript and with the keyboard; the choice lives in the URL and can be bookmarked.
 */
export function ContextSwitcher({ contexts, context, namespace }: { contexts: { name: string; kind: string }[]; context: string; namespace: string }) {
  return (
    <form method="get" className="flex flex-wrap items-end gap-3" aria-label="Cluster and namespace">
      <div>
        <label htmlFor="context" className="block text-xs font-medium text-slate-500">
          Context
        </label>
        <select id="context" name="context" defaultValue={context} className="mt-1 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          {contexts.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
              {c.kind === "sandbox" ? " (sandbox)" : ""}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="namespace" className="block text-xs font-medium text-slate-500">
          Namespace
        </label>
        <input
          id="namespace"
          name="namespace"
          defaultValue={namespace}
          placeholder="all namespaces"
          className="mt-1 w-44 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm"
        />
      </div>
      <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-100">
        Show
      </button>
    </form>
  );
}
