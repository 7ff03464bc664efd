/** Small helpers to read request bodies and write JSON and Status answers. */
import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, internalError } from "../api/errors";

export function readBody(req: IncomingMessage, limitBytes = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        reject(new ApiError(413, "RequestEntityTooLarge", "the request body is too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function sendJson(res: ServerResponse, code: number, body: unknown, contentType = "application/json"): void {
  if (res.headersSent || res.destroyed) return;
  const payload = JSON.stringify(body);
  res.writeHead(code, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(payload), "Cache-Control": "no-cache, private" });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: unknown): void {
  const apiError = error instanceof ApiError ? error : internalError(error instanceof Error ? error.message : String(error));
  if (!(error instanceof ApiError)) console.error("[sandbox] unexpected error:", error);
  if (apiError.code === 429) res.setHeader("Retry-After", "1");
  sendJson(res, apiError.code, apiError.toStatus());
}
