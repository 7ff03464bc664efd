/**
 * Server-Sent Events for one operation: every stored event in order (resuming after Last-Event-ID when the browser
 * reconnects), then new ones as the engine records them, then `event: end` once the operation has finished. Events
 * come from the database, so a reloaded page, another browser or a past operation all replay the same timeline.
 */
import { authorize, AuthorizationError } from "@/app/_server/session";
import { db } from "@/lib/db/client";
import { maskedEventPayload } from "@/lib/timeline/masked-event";

export const dynamic = "force-dynamic";

const POLL_MS = 300;
const KEEPALIVE_MS = 15_000;
const FINISHED = new Set(["succeeded", "failed", "cancelled", "interrupted"]);

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    await authorize("read");
  } catch (err) {
    if (err instanceof AuthorizationError) return Response.json({ error: err.message }, { status: err.status });
    throw err;
  }
  const { id } = await params;
  const operation = await db().operation.findUnique({ where: { id }, select: { id: true } });
  if (!operation) return Response.json({ error: "no such operation" }, { status: 404 });

  let after = Number(request.headers.get("last-event-id") ?? new URL(request.url).searchParams.get("after") ?? 0) || 0;
  const encoder = new TextEncoder();
  let closed = false;
  request.signal.addEventListener("abort", () => (closed = true));

  const stream = new ReadableStream({
    async start(controller) {
      const send = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      send(": connected\n\n");
      let lastKeepalive = Date.now();
      try {
        while (!closed) {
          const events = await db().operationEvent.findMany({ where: { operationId: id, seq: { gt: after } }, orderBy: { seq: "asc" }, take: 500 });
          for (const e of events) {
            send(`id: ${e.seq}\nevent: lifecycle\ndata: ${maskedEventPayload(e.payload)}\n\n`);
            after = e.seq;
          }
          if (events.length === 500) continue;
          const { status } = await db().operation.findUniqueOrThrow({ where: { id }, select: { status: true } });
          if (FINISHED.has(status)) {
            // Events are written before the status changes, but read once more in case the last ones raced it.
            const rest = await db().operationEvent.findMany({ where: { operationId: id, seq: { gt: after } }, orderBy: { seq: "asc" } });
            for (const e of rest) send(`id: ${e.seq}\nevent: lifecycle\ndata: ${maskedEventPayload(e.payload)}\n\n`);
            send(`event: end\ndata: ${JSON.stringify({ status })}\n\n`);
            break;
          }
          if (Date.now() - lastKeepalive > KEEPALIVE_MS) {
            send(": keep-alive\n\n");
            lastKeepalive = Date.now();
          }
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
      } catch (err) {
        send(`event: error\ndata: ${JSON.stringify({ message: err instanceof Error ? err.message : String(err) })}\n\n`);
      } finally {
        if (!closed) controller.close();
        closed = true;
      }
    },
    cancel() {
      closed = true;
    },
  });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
