"use client";
/** The chart's files as a folder tree; each file is a button (keyboard-usable), marked when unsaved or when it has problems. */
import { buildFileTree, type TreeNode } from "@/lib/workspace/file-tree";

export interface FileTreeProps {
  paths: string[];
  openPath: string;
  dirty: ReadonlySet<string>;
  problems: ReadonlyMap<string, { errors: number; warnings: number }>;
  onOpen(path: string): void;
}

function Node({ node, depth, ...props }: FileTreeProps & { node: TreeNode; depth: number }) {
  if (node.kind === "folder") {
    return (
      <li>
        <span className="block py-0.5 text-xs font-medium text-slate-500" style={{ paddingLeft: depth * 12 }}>
          {node.name}/
        </span>
        <ul>
          {node.children.map((c) => (
            <Node key={c.path} node={c} depth={depth + 1} {...props} />
          ))}
        </ul>
      </li>
    );
  }
  const problem = props.problems.get(node.path);
  const open = node.path === props.openPath;
  return (
    <li>
      <button
        type="button"
        onClick={() => props.onOpen(node.path)}
        aria-current={open ? "true" : undefined}
        data-path={node.path}
        className={`flex w-full items-center gap-1 rounded px-1 py-0.5 text-left font-mono text-xs focus:outline-none focus:ring-2 focus:ring-indigo-300 ${open ? "bg-indigo-100 text-indigo-900" : "hover:bg-slate-100"}`}
        style={{ paddingLeft: depth * 12 + 4 }}
      >
        <span className="truncate">{node.name}</span>
        {props.dirty.has(node.path) && <span title="unsaved changes" aria-label="unsaved changes" className="text-amber-600">●</span>}
        {problem && problem.errors > 0 && <span className="ml-auto rounded bg-red-100 px-1 text-red-800">{problem.errors} error{problem.errors > 1 ? "s" : ""}</span>}
        {problem && problem.errors === 0 && problem.warnings > 0 && (
          <span className="ml-auto rounded bg-amber-100 px-1 text-amber-800">
            {problem.warnings} warning{problem.warnings > 1 ? "s" : ""}
          </span>
        )}
      </button>
    </li>
  );
}

export function FileTree(props: FileTreeProps) {
  return (
    <nav aria-label="Chart files">
      <ul className="space-y-0.5">
        {buildFileTree(props.paths).map((n) => (
          <Node key={n.path} node={n} depth={0} {...props} />
        ))}
      </ul>
    </nav>
  );
}
