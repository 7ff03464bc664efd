/**
 * The workspace's file tree: chart-relative paths folded into folders (folders first, then files, by name), and
 * which files the browser editor can open as text.
 */
export interface TreeFolder {
  kind: "folder";
  name: string;
  path: string;
  children: TreeNode[];
}

export interface TreeFile {
  kind: "file";
  name: string;
  path: string;
}

export type TreeNode = TreeFolder | TreeFile;

export function buildFileTree(paths: readonly string[]): TreeNode[] {
  const root: TreeFolder = { kind: "folder", name: "", path: "", children: [] };
  for (const path of paths) {
    const parts = path.split("/");
    let folder = root;
    parts.slice(0, -1).forEach((part, i) => {
      const folderPath = parts.slice(0, i + 1).join("/");
      let next = folder.children.find((c): c is TreeFolder => c.kind === "folder" && c.name === part);
      if (!next) {
        next = { kind: "folder", name: part, path: folderPath, children: [] };
        folder.children.push(next);
      }
      folder = next;
    });
    folder.children.push({ kind: "file", name: parts[parts.length - 1], path });
  }
  const sort = (nodes: TreeNode[]): TreeNode[] =>
    nodes
      .sort((a, b) => (a.kind !== b.kind ? (a.kind === "folder" ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((n) => (n.kind === "folder" ? { ...n, children: sort(n.children) } : n));
  return sort(root.children);
}

/** Whether bytes are text the editor can show: valid UTF-8 without NUL bytes. */
export function isEditableText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}
