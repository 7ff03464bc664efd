import Link from "next/link";
import type { ReleaseSummary } from "@/app/_server/releases";
import { ReleaseStatusBadge } from "./ReleaseStatusBadge";

export interface LastOperation {
  kind: string;
  status: string;
  by: string;
  at: string;
}

function when(iso: string | null): string {
  if (!iso) return "—";
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

/** The releases of one context: name, namespace, revision, status, chart and app version, and the last operation. */
export function ReleasesTable({ rows, context, lastOperations }: { rows: ReleaseSummary[]; context: string; lastOperations: Record<string, LastOperation> }) {
  return (
    <table className="w-full border-collapse text-left text-sm">
      <caption className="sr-only">Releases</caption>
      <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th scope="col" className="py-2 pr-4 font-medium">Release</th>
          <th scope="col" className="py-2 pr-4 font-medium">Namespace</th>
          <th scope="col" className="py-2 pr-4 font-medium">Revision</th>
          <th scope="col" className="py-2 pr-4 font-medium">Status</th>
          <th scope="col" className="py-2 pr-4 font-medium">Chart</th>
          <th scope="col" className="py-2 pr-4 font-medium">App version</th>
          <th scope="col" className="py-2 pr-4 font-medium">Updated</th>
          <th scope="col" className="py-2 font-medium">Last operation</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => {
          const op = lastOperations[`${r.namespace}/${r.name}`];
          return (
            <tr key={`${r.namespace}/${r.name}`} className="border-b border-slate-100 align-top">
              <td className="py-2 pr-4 font-medium">
                <Link
                  href={`/releases/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}?context=${encodeURIComponent(context)}`}
                  className="text-indigo-700 hover:underline"
                >
                  {r.name}
                </Link>
              </td>
              <td className="py-2 pr-4 font-mono text-xs">{r.namespace}</td>
              <td className="py-2 pr-4">{r.revision}</td>
              <td className="py-2 pr-4">
                <ReleaseStatusBadge status={r.status} />
              </td>
              <td className="py-2 pr-4">
                {r.chart}
                <span className="text-slate-500">-{r.chartVersion}</span>
              </td>
              <td className="py-2 pr-4">{r.appVersion || "—"}</td>
              <td className="py-2 pr-4 whitespace-nowrap text-slate-600">{when(r.updated)}</td>
              <td className="py-2 text-slate-600">{op ? `${op.kind} ${op.status} by ${op.by}, ${when(op.at)}` : <span className="text-slate-400">not by Hookline</span>}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
