/**
 * Following a browser's redirects by hand over real HTTP: a small cookie jar (one per simulated browser; like a
 * browser it keeps cookies per host, not per port) and a loop that follows Location headers until a URL the test
 * wants to look at.
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  store(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = attributes.some((a) => {
        const [k, v] = a.split("=").map((s) => s.trim().toLowerCase());
        return (k === "max-age" && Number(v) <= 0) || (k === "expires" && Date.parse(v) < Date.now());
      });
      if (gone || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get(name: string): string | undefined {
    return this.cookies.get(name);
  }

  set(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  delete(name: string): void {
    this.cookies.delete(name);
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
}

/** One request as a browser with this jar would send it, without following redirects. */
export async function browse(jar: CookieJar, url: string | URL): Promise<Response> {
  const res = await fetch(url, { redirect: "manual", headers: { cookie: jar.header() } });
  jar.store(res);
  return res;
}

/** Follows redirects from `url` until one points at a URL for which `stop` is true; returns that URL (not fetched). */
export async function followUntil(jar: CookieJar, url: string | URL, stop: (next: URL) => boolean, maxHops = 20): Promise<URL> {
  let current = new URL(url);
  for (let hop = 0; hop < maxHops; hop++) {
    if (stop(current)) return current;
    const res = await browse(jar, current);
    const location = res.headers.get("location");
    if (!location || res.status < 300 || res.status >= 400) {
      throw new Error(`${current.href} answered ${res.status} without a redirect: ${(await res.text()).slice(0, 300)}`);
    }
    await res.body?.cancel();
    current = new URL(location, current);
  }
  throw new Error(`more than ${maxHops} redirects from ${String(url)}`);
}
