"use client";
/** When reading charts fails (e.g. the database is down): say so, and offer to try again. */
export default function ChartsError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="space-y-3 rounded-md border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p>The charts could not be loaded. The error was logged on the server.</p>
      <button type="button" onClick={reset} className="rounded-md border border-red-300 px-3 py-1 hover:bg-red-100">
        Try again
      </button>
    </div>
  );
}
