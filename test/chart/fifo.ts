/** Creates a named pipe for irregular-file tests; returns false where mkfifo is unavailable. */
import { execFileSync } from "node:child_process";

export function mkfifo(target: string): boolean {
  try {
    execFileSync("mkfifo", [target]);
    return true;
  } catch {
    return false;
  }
}
