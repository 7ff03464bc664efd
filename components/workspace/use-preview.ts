"use client";
/**
 * The live preview as a React hook: debounces edits, renders them in the preview Web Worker through a
 * PreviewRunner (watchdog + restart), and keeps the last complete result on screen while the next one renders.
 */
import { useEffect, useRef, useState } from "react";
import { PreviewRunner, type PreviewWorker } from "@/lib/workspace/preview-runner";
import type { PreviewResult } from "@/lib/workspace/types";

export type PreviewStatus =
  | { state: "rendering" }
  | { state: "ready" }
  | { state: "timeout"; afterMs: number }
  | { state: "crash"; message: string };

const DEBOUNCE_MS = 300;
/** Longer than the renderer's own 2 s deadline plus a cold worker's start-up on a busy machine. */
const WATCHDOG_MS = 10_000;

function createWorker(): PreviewWorker {
  return new Worker(new URL("./preview.worker.ts", import.meta.url), { type: "module", name: "chart-preview" }) as unknown as PreviewWorker;
}

export function usePreview(files: Record<string, string | Uint8Array>) {
  const runner = useRef<PreviewRunner | null>(null);
  const [result, setResult] = useState<PreviewResult | null>(null);
  const [status, setStatus] = useState<PreviewStatus>({ state: "rendering" });
  const [restarts, setRestarts] = useState(0);

  useEffect(() => {
    const r = new PreviewRunner({ createWorker, watchdogMs: WATCHDOG_MS });
    runner.current = r;
    return () => {
      r.dispose();
      runner.current = null;
    };
  }, []);

  useEffect(() => {
    let cancelled = false;
    const timer = setTimeout(() => {
      const r = runner.current;
      if (!r) return;
      setStatus({ state: "rendering" });
      r.render({ files }).then((outcome) => {
        if (cancelled) return;
        setRestarts(r.restarts);
        if (outcome.kind === "result") {
          setResult(outcome.result);
          setStatus({ state: "ready" });
        } else if (outcome.kind === "timeout") {
          setStatus({ state: "timeout", afterMs: outcome.afterMs });
        } else if (outcome.kind === "crash") {
          setStatus({ state: "crash", message: outcome.message });
        }
      });
    }, DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [files]);

  return { result, status, restarts };
}
