/**
 * The preview Web Worker: renders the workspace's in-memory chart (lib/workspace renderPreview) off the main thread
 * so typing never waits for helm's template engine. One message in, one answer out; the page's PreviewRunner
 * terminates and replaces this worker when it does not answer in time.
 */
import { renderPreview } from "@/lib/workspace/preview";
import type { PreviewWorkerRequest, PreviewWorkerResponse } from "@/lib/workspace/preview-runner";

const scope = self as unknown as { onmessage: ((e: MessageEvent<PreviewWorkerRequest>) => void) | null; postMessage(m: PreviewWorkerResponse): void };

scope.onmessage = (event) => {
  const { id, request } = event.data;
  renderPreview(request).then(
    (result) => scope.postMessage({ id, result }),
    (err: unknown) => scope.postMessage({ id, crash: err instanceof Error ? err.message : String(err) }),
  );
};
