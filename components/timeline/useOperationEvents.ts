"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { lifecycleEventSchema, type LifecycleEvent } from "@/lib/lifecycle/events";
import { operationKeys } from "@/lib/query-keys";
import { maskedEvent } from "./hook-display";

/**
 * An operation's events: the ones the page was rendered with, then live ones over Server-Sent Events, kept in the
 * TanStack Query cache, hook manifests masked (the page masks the ones it renders with). EventSource reconnects by
 * itself and resumes after the last event id it saw.
 */
export function useOperationEvents(operationId: string, initial: LifecycleEvent[], initialFinished: boolean) {
  const client = useQueryClient();
  const key = operationKeys.events(operationId);
  const { data: events = initial } = useQuery({ queryKey: key, queryFn: () => client.getQueryData<LifecycleEvent[]>(key) ?? initial, initialData: initial, staleTime: Infinity });
  const [finished, setFinished] = useState(initialFinished);
  const [connection, setConnection] = useState<"live" | "reconnecting" | "closed">(initialFinished ? "closed" : "live");

  useEffect(() => {
    if (initialFinished) return;
    const source = new EventSource(`/api/operations/${encodeURIComponent(operationId)}/events?after=${initial.length}`);
    source.addEventListener("lifecycle", (message) => {
      const parsed = lifecycleEventSchema.safeParse(JSON.parse((message as MessageEvent<string>).data));
      if (!parsed.success) return;
      client.setQueryData<LifecycleEvent[]>(key, (old = initial) => [...old, maskedEvent(parsed.data)]);
      setConnection("live");
    });
    source.addEventListener("end", () => {
      setFinished(true);
      setConnection("closed");
      source.close();
    });
    source.onerror = () => setConnection(source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
    return () => source.close();
    // The stream starts after the events the page was rendered with; it is opened once per operation.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [operationId, initialFinished]);

  return { events, finished, connection };
}
