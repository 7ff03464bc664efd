/**
 * Import limits and the import result type, shared by the server actions and the forms that show them. Uploads go
 * through server actions, whose request body Next.js caps at 1 MB by default, so an upload stays below that.
 */
export const MAX_UPLOAD_BYTES = 900 * 1024;
export const MAX_UPLOAD_FILES = 2_000;

export type ImportResult = { ok: true; chartId: string; name: string } | { ok: false; error: string; file?: string };
