"use client";

import { useState, useTransition } from "react";
import { cancelOperationAction } from "@/app/operations/[id]/actions";

export function CancelButton({ operationId }: { operationId: string }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="ml-auto flex items-center gap-2">
      {error && <span className="text-sm text-red-700">{error}</span>}
      <button
        type="button"
        disabled={pending}
        onClick={() => start(async () => setError(((r) => (r.ok ? null : r.error))(await cancelOperationAction(operationId))))}
        className="rounded-md border border-red-300 px-3 py-1 text-sm text-red-700 hover:bg-red-50 disabled:opacity-60"
      >
        Cancel operation
      </button>
    </span>
  );
}
