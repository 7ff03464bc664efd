"use client";

import { ErrorState } from "@/components/PageStates";

export default function PageError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorState what="The sandbox scenarios" reset={reset} />;
}
