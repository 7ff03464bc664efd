import { createTwoFilesPatch } from "diff";

/** A unified diff of two texts, coloured line by line; "No differences." when they are equal. */
export function UnifiedDiff({ label, before, after, beforeName, afterName }: { label: string; before: string; after: string; beforeName: string; afterName: string }) {
  if (before === after) return <p className="text-sm text-slate-500">No differences in {label}.</p>;
  const patch = createTwoFilesPatch(beforeName, afterName, before, after, "", "", { context: 3 });
  // The "Index:"/"====" preamble says nothing the file headers don't.
  const lines = patch.split("\n").filter((line) => !line.startsWith("Index:") && !/^=+$/.test(line));
  return (
    <pre aria-label={`${label} diff`} className="max-h-[32rem] overflow-auto rounded-md border border-slate-200 bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-200">
      {lines.map((line, i) => {
        const colour = line.startsWith("+++") || line.startsWith("---") ? "text-slate-400" : line.startsWith("+") ? "text-emerald-300" : line.startsWith("-") ? "text-red-300" : line.startsWith("@@") ? "text-sky-300" : "";
        return (
          <div key={i} className={colour}>
            {line || " "}
          </div>
        );
      })}
    </pre>
  );
}
