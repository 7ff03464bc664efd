/** The hook lint findings of the edited chart; each one opens its file at its line. */
import type { LintFinding } from "@/lib/hooks";

const SEVERITY_STYLE = { error: "bg-red-100 text-red-800", warning: "bg-amber-100 text-amber-800", info: "bg-sky-100 text-sky-800" } as const;

export function LintList({ findings, onOpen }: { findings: LintFinding[]; onOpen(path: string, line: number): void }) {
  if (findings.length === 0) return <p className="text-sm text-slate-500">No hook lint findings.</p>;
  return (
    <ul aria-label="Lint findings" className="space-y-2 text-xs">
      {findings.map((f, i) => (
        <li key={i} className="rounded border border-slate-200 p-2">
          <span className={`mr-2 rounded px-1 font-medium ${SEVERITY_STYLE[f.severity]}`}>{f.severity}</span>
          <button type="button" className="font-mono text-indigo-700 hover:underline" onClick={() => onOpen(f.file, f.line)}>
            {f.file}:{f.line}:{f.column}
          </button>{" "}
          <span className="text-slate-500">[{f.rule}]</span>
          <p className="mt-1 text-slate-800">{f.message}</p>
        </li>
      ))}
    </ul>
  );
}
