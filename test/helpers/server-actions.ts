/**
 * Calling the built app's server actions and routes over real HTTP, the way the browser does: the action ids, the
 * pages that can run each action and the app's routes come from the build output (`.next/server/*manifest.json`), the
 * arguments are encoded with React's own `encodeReply` (the function Next.js' client uses: a JSON array as
 * text/plain, or multipart form data when an argument is a FormData or File), and the RSC answer is decoded with
 * React's `createFromFetch`.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

interface FlightClient {
  encodeReply(value: unknown): Promise<string | FormData>;
  createFromFetch<T>(response: Promise<Response>, options: { serverConsumerManifest: { moduleMap: null; serverModuleMap: null; moduleLoading: null } }): Promise<T>;
}

const require = createRequire(path.join(process.cwd(), "package.json"));
const flight = require("next/dist/compiled/react-server-dom-turbopack/client.edge") as FlightClient;

// An action's answer can carry the re-rendered page, whose client components React would load through these two
// hooks of Next's runtime. Only the action's data matters here, so client components resolve to empty modules.
const runtime = globalThis as unknown as { __next_chunk_load__?: () => Promise<void>; __next_require__?: () => object };
runtime.__next_chunk_load__ ??= () => Promise.resolve();
runtime.__next_require__ ??= () => ({});

export interface BuiltAction {
  id: string;
  /** `app/…/actions.ts#exportName`, the same ids test/security/entry-points.test.ts uses. */
  key: string;
  /** URL paths of the pages whose bundle holds the action (dynamic segments as in the route, e.g. `/charts/[id]`). */
  pages: string[];
}

function manifest<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(process.cwd(), ".next", "server", name), "utf8")) as T;
}

/** Every server action of the build, with the pages that can run it. */
export function builtServerActions(): BuiltAction[] {
  const m = manifest<{ node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> }>("server-reference-manifest.json");
  return Object.entries(m.node).map(([id, a]) => ({
    id,
    key: `${a.filename}#${a.exportedName}`,
    pages: Object.keys(a.workers)
      .filter((w) => w.startsWith("app/") && w.endsWith("/page") && !w.startsWith("app/_"))
      .map((w) => w.slice("app".length, -"/page".length) || "/"),
  }));
}

/** The app's page and route-handler paths from the build (`/charts/[id]`, `/api/health`, …), Next's own `/_…` left out. */
export function builtAppPaths(): { pages: string[]; routes: string[] } {
  const keys = Object.keys(manifest<Record<string, string>>("app-paths-manifest.json")).filter((k) => !k.startsWith("/_"));
  const strip = (k: string, suffix: string) => k.slice(0, -suffix.length) || "/";
  return { pages: keys.filter((k) => k.endsWith("/page")).map((k) => strip(k, "/page")), routes: keys.filter((k) => k.endsWith("/route")).map((k) => strip(k, "/route")) };
}

export interface ActionAnswer<T> {
  status: number;
  headers: Headers;
  /** The action's return value when the server ran it and answered with RSC; undefined otherwise. */
  result?: T;
  /** Where the action (or the proxy in front of it) redirected to, if it did. */
  redirect?: string;
  /** The session cookie the answer set, if any. */
  setCookie?: string;
}

/** POSTs a server action to `page` with `args`, as the browser's router does. */
export async function callAction<T>(baseUrl: string, action: BuiltAction, args: unknown[], options: { cookie?: string; page?: string } = {}): Promise<ActionAnswer<T>> {
  const page = options.page ?? action.pages[0] ?? "/";
  const body = await flight.encodeReply(args);
  const headers: Record<string, string> = { Accept: "text/x-component", "Next-Action": action.id };
  if (options.cookie) headers.Cookie = options.cookie;
  const response = await fetch(baseUrl + page, { method: "POST", headers, body, redirect: "manual" });
  const answer: ActionAnswer<T> = {
    status: response.status,
    headers: response.headers,
    redirect: response.headers.get("x-action-redirect")?.split(";")[0] ?? response.headers.get("location") ?? undefined,
    setCookie: response.headers.getSetCookie().find((c) => c.startsWith("hookline_session=")),
  };
  if (response.status === 200 && response.headers.get("content-type")?.startsWith("text/x-component")) {
    const root = await flight.createFromFetch<{ a: Promise<T> | T }>(Promise.resolve(response), { serverConsumerManifest: { moduleMap: null, serverModuleMap: null, moduleLoading: null } });
    answer.result = await root.a;
  } else {
    await response.body?.cancel();
  }
  return answer;
}
