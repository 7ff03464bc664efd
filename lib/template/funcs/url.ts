/**
 * Sprig's urlParse and urlJoin on top of the parts of Go's net/url they use: Parse (scheme, opaque,
 * authority with userinfo, path, query, fragment) and URL.String with Go's escaping rules.
 */
import { GoMap, goTypeName, type GoValue } from "../value";
import { fn } from "./define";
import { quote } from "./strconv";
import { FuncError, type FunctionTable } from "./types";

type EscapeMode = "path" | "host" | "userPassword" | "fragment";

interface ParsedUrl {
  scheme: string;
  opaque: string;
  username: string | null;
  password: string | null;
  host: string;
  path: string;
  rawQuery: string;
  forceQuery: boolean;
  fragment: string;
}

class UrlError extends Error {}

function isUnreservedAlnum(c: string): boolean {
  return /^[A-Za-z0-9]$/.test(c);
}

function shouldEscape(c: string, mode: EscapeMode): boolean {
  if (isUnreservedAlnum(c)) return false;
  if (mode === "host" && "!$&'()*+,;=:[]<>\"".includes(c)) return false;
  if ("-_.~".includes(c)) return false;
  if ("$&+,/:;=?@".includes(c)) {
    if (mode === "userPassword") return "@/?:".includes(c);
    if (mode === "path") return c === "?";
    if (mode === "fragment") return false;
  }
  if (mode === "fragment" && "!()*".includes(c)) return false;
  return true;
}

function escape(s: string, mode: EscapeMode): string {
  let out = "";
  for (const byte of new TextEncoder().encode(s)) {
    const c = String.fromCharCode(byte);
    out += byte < 0x80 && !shouldEscape(c, mode) ? c : "%" + byte.toString(16).toUpperCase().padStart(2, "0");
  }
  return out;
}

function unescape(s: string): string {
  const bytes: number[] = [];
  const raw = new TextEncoder().encode(s);
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === 0x25) {
      const hex = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (!/^[0-9a-fA-F]{2}$/.test(hex)) {
        const bad = new TextDecoder().decode(raw.subarray(i, Math.min(i + 3, raw.length)));
        throw new UrlError(`invalid URL escape "${bad}"`);
      }
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(raw[i]);
  }
  return new TextDecoder().decode(Uint8Array.from(bytes));
}

/** The host part: bracketed IPv6 literals, otherwise only characters a URL host may hold. */
function parseHost(host: string): string {
  const validPort = (colonPort: string) => colonPort === "" || /^:[0-9]*$/.test(colonPort);
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) throw new UrlError("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validPort(colonPort)) throw new UrlError(`invalid port ${quote(colonPort)} after host`);
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0 && !validPort(host.slice(colon))) throw new UrlError(`invalid port ${quote(host.slice(colon))} after host`);
    for (const c of host) {
      if (c !== "%" && c.charCodeAt(0) < 0x80 && shouldEscape(c, "host")) throw new UrlError(`invalid character ${quote(c)} in host name`);
    }
  }
  return unescape(host);
}

function splitScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new UrlError("missing protocol scheme");
      return [raw.slice(0, i).toLowerCase(), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

/** net/url.Parse for the forms templates use; errors carry Go's texts. */
export function parseUrl(raw: string): ParsedUrl {
  const u: ParsedUrl = { scheme: "", opaque: "", username: null, password: null, host: "", path: "", rawQuery: "", forceQuery: false, fragment: "" };
  const hash = raw.indexOf("#");
  let rest = raw;
  if (hash >= 0) {
    u.fragment = unescape(raw.slice(hash + 1));
    rest = raw.slice(0, hash);
  }
  if (/[\x00-\x1f\x7f]/.test(rest)) throw new UrlError("net/url: invalid control character in URL");
  if (rest === "") return u;
  [u.scheme, rest] = splitScheme(rest);
  if (rest.endsWith("?") && rest.split("?").length === 2) {
    u.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf("?");
    if (q >= 0) {
      u.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith("/")) {
    if (u.scheme !== "") {
      u.opaque = rest;
      return u;
    }
    const colon = rest.indexOf(":");
    const slash = rest.indexOf("/");
    if (colon >= 0 && (slash < 0 || colon < slash)) throw new UrlError("first path segment in URL cannot contain colon");
  }
  if ((u.scheme !== "" || !rest.startsWith("///")) && rest.startsWith("//")) {
    const afterSlashes = rest.slice(2);
    const slash = afterSlashes.indexOf("/");
    const authority = slash >= 0 ? afterSlashes.slice(0, slash) : afterSlashes;
    rest = slash >= 0 ? afterSlashes.slice(slash) : "";
    const at = authority.lastIndexOf("@");
    u.host = parseHost(authority.slice(at + 1));
    if (at >= 0) {
      const userinfo = authority.slice(0, at);
      if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(userinfo)) throw new UrlError("net/url: invalid userinfo");
      const colon = userinfo.indexOf(":");
      if (colon >= 0) {
        u.username = unescape(userinfo.slice(0, colon));
        u.password = unescape(userinfo.slice(colon + 1));
      } else u.username = unescape(userinfo);
    }
  }
  u.path = unescape(rest);
  return u;
}

function userString(u: ParsedUrl): string {
  if (u.username === null) return "";
  let s = escape(u.username, "userPassword");
  if (u.password !== null) s += ":" + escape(u.password, "userPassword");
  return s;
}

function hostname(host: string): string {
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    return close >= 0 ? host.slice(1, close) : host.slice(1);
  }
  const colon = host.lastIndexOf(":");
  return colon >= 0 && /^[0-9]*$/.test(host.slice(colon + 1)) ? host.slice(0, colon) : host;
}

/** net/url URL.String */
export function formatUrl(u: ParsedUrl): string {
  let out = "";
  if (u.scheme) out += u.scheme + ":";
  if (u.opaque) out += u.opaque;
  else {
    if (u.scheme || u.host || u.username !== null) {
      if (u.host || u.path || u.username !== null) out += "//";
      if (u.username !== null) out += userString(u) + "@";
      if (u.host) out += escape(u.host, "host");
    }
    const path = escape(u.path, "path");
    if (path !== "" && path[0] !== "/" && u.host !== "") out += "/";
    if (out === "" && path.split("/")[0].includes(":")) out += "./";
    out += path;
  }
  if (u.forceQuery || u.rawQuery) out += "?" + u.rawQuery;
  if (u.fragment) out += "#" + escape(u.fragment, "fragment");
  return out;
}

function urlParse(v: string): GoMap {
  let u: ParsedUrl;
  try {
    u = parseUrl(v);
  } catch (e) {
    if (!(e instanceof UrlError)) throw e;
    throw new FuncError(`unable to parse url: parse ${quote(v)}: ${e.message}`);
  }
  return new GoMap([
    ["scheme", u.scheme],
    ["host", u.host],
    ["hostname", hostname(u.host)],
    ["path", u.path],
    ["query", u.rawQuery],
    ["opaque", u.opaque],
    ["fragment", u.fragment],
    ["userinfo", userString(u)],
  ]);
}

function field(d: GoMap, key: string): string {
  if (!d.has(key)) return "";
  const v: GoValue = d.get(key)!;
  if (typeof v === "string") return v;
  // Sprig names the reflect type, which for a nil interface is itself a nil dereference.
  if (v === null) throw new FuncError("runtime error: invalid memory address or nil pointer dereference");
  throw new FuncError(`unable to parse ${key} key, must be of type string, but ${goTypeName(v)} found`);
}

function urlJoin(d: GoMap): string {
  const u: ParsedUrl = {
    scheme: field(d, "scheme"),
    host: field(d, "host"),
    path: field(d, "path"),
    rawQuery: field(d, "query"),
    opaque: field(d, "opaque"),
    fragment: field(d, "fragment"),
    username: null,
    password: null,
    forceQuery: false,
  };
  const userinfo = field(d, "userinfo");
  if (userinfo !== "") {
    try {
      const parsed = parseUrl(`proto://${userinfo}@host`);
      u.username = parsed.username;
      u.password = parsed.password;
    } catch (e) {
      if (!(e instanceof UrlError)) throw e;
      throw new FuncError(`unable to parse userinfo in dict: parse ${quote(`proto://${userinfo}@host`)}: ${e.message}`);
    }
  }
  return formatUrl(u);
}

export function urlFunctions(): FunctionTable {
  return {
    urlParse: fn(["string"], ([s]) => urlParse(typeof s === "string" ? s : "")),
    urlJoin: fn(["map[string]interface {}"], ([d]) => urlJoin(d instanceof GoMap ? d : new GoMap())),
  };
}
