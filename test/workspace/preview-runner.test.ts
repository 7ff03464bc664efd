// The preview worker's watchdog (lib/workspace/preview-runner): stale answers are dropped, a worker that does
// not answer in time is terminated and replaced, and the replacement renders the next edit.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { PreviewRunner, type PreviewWorker, type PreviewWorkerRequest, type PreviewWorkerResponse } from "@/lib/workspace/preview-runner";
import type { PreviewResult } from "@/lib/workspace/types";

/** A worker double that records what it was sent and answers only when the test says so. */
class FakeWorker implements PreviewWorker {
  received: PreviewWorkerRequest[] = [];
  terminated = false;
  onmessage: ((event: { data: PreviewWorkerResponse }) => void) | null = null;
  onerror: ((event: { message?: string }) => void) | null = null;
  postMessage(message: PreviewWorkerRequest) {
    this.received.push(message);
  }
  terminate() {
    this.terminated = true;
  }
  answer(id: number, result: Partial<PreviewResult> = {}) {
    this.onmessage?.({ data: { id, result: { ok: true, markers: [], manifests: [], plan: null, planText: "", lint: [], elapsedMs: 1, ...result } } });
  }
}

describe("PreviewRunner", () => {
  let workers: FakeWorker[];
  let runner: PreviewRunner;

  beforeEach(() => {
    vi.useFakeTimers();
    workers = [];
    runner = new PreviewRunner({ createWorker: () => workers[workers.push(new FakeWorker()) - 1], watchdogMs: 1_000 });
  });
  afterEach(() => vi.useRealTimers());

  it("delivers the worker's answer", async () => {
    const outcome = runner.render({ files: { "Chart.yaml": "x" } });
    expect(workers).toHaveLength(1);
    const [{ id, request }] = workers[0].received;
    expect(request.files).toEqual({ "Chart.yaml": "x" });
    workers[0].answer(id, { elapsedMs: 42 });
    await expect(outcome).resolves.toMatchObject({ kind: "result", result: { elapsedMs: 42 } });
  });

  it("answers an older request 'superseded' and ignores its late answer", async () => {
    const first = runner.render({ files: { a: "1" } });
    const second = runner.render({ files: { a: "2" } });
    await expect(first).resolves.toEqual({ kind: "superseded" });
    const [old, latest] = workers[0].received;
    workers[0].answer(old.id, { elapsedMs: 1 });
    workers[0].answer(latest.id, { elapsedMs: 2 });
    await expect(second).resolves.toMatchObject({ kind: "result", result: { elapsedMs: 2 } });
    // The same worker served both: superseding does not throw away a warm worker.
    expect(workers).toHaveLength(1);
  });

  it("terminates a worker that does not answer in time and starts a fresh one for the next edit", async () => {
    const hung = runner.render({ files: { a: "loop" } });
    vi.advanceTimersByTime(1_001);
    await expect(hung).resolves.toEqual({ kind: "timeout", afterMs: 1_000 });
    expect(workers[0].terminated).toBe(true);
    expect(runner.restarts).toBe(1);

    const next = runner.render({ files: { a: "fixed" } });
    expect(workers).toHaveLength(2);
    workers[1].answer(workers[1].received[0].id);
    await expect(next).resolves.toMatchObject({ kind: "result" });
  });

  it("replaces a worker that crashed", async () => {
    const pending = runner.render({ files: {} });
    workers[0].onerror?.({ message: "out of memory" });
    await expect(pending).resolves.toEqual({ kind: "crash", message: "out of memory" });
    expect(workers[0].terminated).toBe(true);
    runner.render({ files: {} });
    expect(workers).toHaveLength(2);
  });
});
