/** The charts of the workspace, newest edit first, each linking to its workspace page. */
import Link from "next/link";
import type { ChartSummary } from "@/app/charts/_server/chart-store";

export function ChartsTable({ charts }: { charts: ChartSummary[] }) {
  if (charts.length === 0) {
    return <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-600">No charts in the workspace yet. Import one above.</p>;
  }
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">Charts</caption>
      <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
        <tr>
          <th scope="col" className="py-2 pr-3 font-medium">Chart</th>
          <th scope="col" className="py-2 pr-3 font-medium">Version</th>
          <th scope="col" className="py-2 pr-3 font-medium">Source</th>
          <th scope="col" className="py-2 pr-3 font-medium">Files</th>
          <th scope="col" className="py-2 pr-3 font-medium">Imported by</th>
          <th scope="col" className="py-2 font-medium">Last change</th>
        </tr>
      </thead>
      <tbody>
        {charts.map((c) => (
          <tr key={c.id} className="border-b border-slate-100">
            <td className="py-2 pr-3 font-medium">
              <Link href={`/charts/${c.id}`} className="text-indigo-700 hover:underline">
                {c.name}
              </Link>
            </td>
            <td className="py-2 pr-3">{c.version}</td>
            <td className="py-2 pr-3">{c.source}</td>
            <td className="py-2 pr-3">{c.files}</td>
            <td className="py-2 pr-3">{c.createdBy ?? "—"}</td>
            <td className="py-2 whitespace-nowrap">{c.updatedAt.replace("T", " ").slice(0, 19)} UTC</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
