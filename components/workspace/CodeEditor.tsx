"use client";
/**
 * The Monaco editor of the workspace: one Monaco model per chart file (so every file can carry markers, open or
 * not), the open file shown in the editor, edits reported upwards, and the preview's markers set on their files.
 * Loaded through next/dynamic without SSR (see monaco-setup).
 */
import Editor from "@monaco-editor/react";
import { useEffect, useRef } from "react";
import type { editor as MonacoEditorNS } from "monaco-editor";
import { languageFor } from "@/lib/workspace/go-template-language";
import type { EditorMarker } from "@/lib/workspace/types";
import { setUpMonaco, WORKSPACE_THEME } from "./monaco-setup";

const monaco = setUpMonaco();
const MARKER_OWNER = "hookline-preview";

/** Models are global to the page; the chart id keeps two charts' files with the same path apart. */
function fileUri(chartId: string, path: string) {
  return monaco.Uri.parse(`file:///chart/${chartId}/${path}`);
}

const SEVERITY = { error: monaco.MarkerSeverity.Error, warning: monaco.MarkerSeverity.Warning, info: monaco.MarkerSeverity.Info };

function toMarkerData(model: MonacoEditorNS.ITextModel, m: EditorMarker): MonacoEditorNS.IMarkerData {
  const line = Math.min(m.line, model.getLineCount());
  const maxColumn = model.getLineMaxColumn(line);
  const column = Math.min(m.column, maxColumn);
  // Underline the word at the position, or the rest of the line when there is no word there.
  const word = model.getWordAtPosition({ lineNumber: line, column });
  const endColumn = word ? word.endColumn : Math.max(maxColumn, column + 1);
  return { severity: SEVERITY[m.severity], message: m.message, source: m.source, startLineNumber: line, startColumn: word?.startColumn ?? column, endLineNumber: line, endColumn };
}

export interface CodeEditorProps {
  chartId: string;
  /** Every text file of the chart and its current (unsaved) content. */
  files: Record<string, string>;
  openPath: string;
  markers: EditorMarker[];
  readOnly: boolean;
  /** A line of the open file to scroll to and put the cursor on (a new object each time it is asked for). */
  reveal?: { line: number } | null;
  onChange(path: string, content: string): void;
  /** Ctrl/Cmd+S inside the editor. */
  onSave(): void;
}

export default function CodeEditor({ chartId, files, openPath, markers, readOnly, reveal, onChange, onSave }: CodeEditorProps) {
  const saveRef = useRef(onSave);
  const editorRef = useRef<MonacoEditorNS.IStandaloneCodeEditor | null>(null);
  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || !reveal) return;
    // Wait for the model switch of the same render to land before moving the cursor.
    const id = setTimeout(() => {
      editor.revealLineInCenter(reveal.line);
      editor.setPosition({ lineNumber: reveal.line, column: 1 });
      editor.focus();
    }, 0);
    return () => clearTimeout(id);
  }, [reveal]);
  useEffect(() => {
    saveRef.current = onSave;
  }, [onSave]);

  // Models for every file, so markers land on files that are not open; content follows outside changes only.
  useEffect(() => {
    for (const [path, content] of Object.entries(files)) {
      const uri = fileUri(chartId, path);
      const model = monaco.editor.getModel(uri) ?? monaco.editor.createModel(content, languageFor(path), uri);
      if (model.getValue() !== content) model.setValue(content);
    }
  }, [chartId, files]);

  // Leaving the workspace: drop this chart's models (after the editor, which goes first, let go of its own).
  useEffect(
    () => () => {
      setTimeout(() => {
        for (const model of monaco.editor.getModels()) if (model.uri.path.startsWith(`/chart/${chartId}/`) && !model.isDisposed()) model.dispose();
      }, 0);
    },
    [chartId],
  );

  useEffect(() => {
    const byFile = new Map<string, EditorMarker[]>();
    for (const m of markers) byFile.set(m.file, [...(byFile.get(m.file) ?? []), m]);
    for (const path of Object.keys(files)) {
      const model = monaco.editor.getModel(fileUri(chartId, path));
      if (model) monaco.editor.setModelMarkers(model, MARKER_OWNER, (byFile.get(path) ?? []).map((m) => toMarkerData(model, m)));
    }
  }, [chartId, markers, files]);

  return (
    <Editor
      height="100%"
      theme={WORKSPACE_THEME}
      path={fileUri(chartId, openPath).toString()}
      language={languageFor(openPath)}
      value={files[openPath] ?? ""}
      keepCurrentModel
      // Bracket-pair colours would paint over the template delimiters' own colour.
      options={{ readOnly, bracketPairColorization: { enabled: false }, minimap: { enabled: false }, fontSize: 13, scrollBeyondLastLine: false, automaticLayout: true, tabSize: 2, ariaLabel: `Edit ${openPath}` }}
      onChange={(value) => onChange(openPath, value ?? "")}
      onMount={(editor) => {
        editorRef.current = editor;
        editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => saveRef.current());
      }}
      loading={<p className="p-4 text-sm text-slate-500">Loading editor…</p>}
    />
  );
}
