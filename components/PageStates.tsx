"use client";
/** The loading and error states of the pages: one look everywhere, named for what is being read. */

export function LoadingState({ what }: { what: string }) {
  return (
    <p role="status" aria-live="polite" className="animate-pulse rounded-md border border-dashed border-slate-300 p-6 text-center text-sm text-slate-500">
      Loading {what}…
    </p>
  );
}

/** For Next.js error boundaries: the error itself stays in the server log (it may name internals); offer a retry. */
export function ErrorState({ what, reset }: { what: string; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p>{what} could not be loaded (the cluster or the database did not answer). The error was logged on the server.</p>
      <button type="button" onClick={reset} className="rounded-md border border-red-300 px-3 py-1 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-red-700">
        Try again
      </button>
    </div>
  );
}
