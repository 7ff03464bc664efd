/**
 * A short fingerprint of the draft's files (FNV-1a over paths and contents), so a query key names the draft without
 * carrying all of its text. Equal drafts give equal fingerprints; a collision only costs a stale diff until the next
 * edit.
 */
export function draftFingerprint(files: Record<string, string>): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (const path of Object.keys(files).sort()) {
    for (const text of [path, "\0", files[path], "\0"]) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = Math.imul(h1 ^ c, 0x01000193);
        h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      }
    }
  }
  return `${(h1 >>> 0).toString(16)}${(h2 >>> 0).toString(16)}-${Object.keys(files).length}`;
}
