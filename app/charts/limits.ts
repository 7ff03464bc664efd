/**
 * Import limits and the import result type, shared by the server actions and the forms that show them. Uploads go
 * through server actions, whose request body next.config.ts caps at 16 MB, so an upload stays below that (leaving
 * room for the multipart overhead); lib/chart's archive limits apply on top.
 */
export const MAX_UPLOAD_BYTES = 15 * 1024 * 1024;
export const MAX_UPLOAD_FILES = 2_000;

export type ImportResult = { ok: true; chartId: string; name: string } | { ok: false; error: string; file?: string };
