/**
 * Pod container logs streamed into a writable (helm's hook-output-log-policy and `helm test --logs`), through
 * client-node's Log; the returned promise settles when the log stream ends or the call's bound expires.
 */
import { PassThrough, type Writable } from "node:stream";
import { ApiException, Log, type KubeConfig } from "@kubernetes/client-node";
import { abortReason, boundedSignal, type Bounds } from "./deadline";
import { KubeApiError } from "./errors";

export interface PodLogOptions extends Bounds {
  follow?: boolean;
  tailLines?: number;
  timestamps?: boolean;
  previous?: boolean;
}

export async function streamPodLogs(
  kubeConfig: KubeConfig,
  namespace: string,
  pod: string,
  container: string,
  out: Writable,
  options: PodLogOptions = {},
): Promise<void> {
  const signal = boundedSignal(options);
  const what = `GET pods/${pod}/log?container=${container}`;
  if (signal.aborted) throw abortReason(signal, what);
  const pass = new PassThrough();
  pass.pipe(out, { end: false });
  const ended = new Promise<void>((resolve, reject) => {
    pass.on("end", resolve);
    pass.on("error", reject);
  });
  let controller: AbortController;
  try {
    controller = await new Log(kubeConfig).log(namespace, pod, container, pass, {
      follow: options.follow,
      tailLines: options.tailLines,
      timestamps: options.timestamps,
      previous: options.previous,
    });
  } catch (error) {
    pass.unpipe(out);
    if (error instanceof ApiException) {
      const body = (error as ApiException<unknown>).body as { message?: string; reason?: string } | undefined;
      throw new KubeApiError(error.code, { message: body?.message ?? error.message, reason: body?.reason, code: error.code }, "GET", what);
    }
    throw error;
  }
  const onAbort = () => {
    controller.abort();
    pass.destroy(abortReason(signal, what));
  };
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    await ended;
  } finally {
    signal.removeEventListener("abort", onAbort);
    pass.unpipe(out);
  }
}
