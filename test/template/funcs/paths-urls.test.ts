import { describe, expect, it } from "vitest";
import { call, dict, failure, int, show } from "./call";

describe("path functions (Go's path package)", () => {
  it("base, dir, clean, ext, isAbs and their os* twins", () => {
    expect(show("base", "/a/b.txt")).toBe("b.txt");
    expect(show("base", "/a/b/")).toBe("b");
    expect(show("base", "")).toBe(".");
    expect(show("base", "///")).toBe("/");
    expect(show("dir", "/a/b.txt")).toBe("/a");
    expect(show("dir", "a")).toBe(".");
    expect(show("dir", "/a/b/")).toBe("/a/b");
    expect(show("clean", "a//b/../c")).toBe("a/c");
    expect(show("clean", "../../a/./b/..")).toBe("../../a");
    expect(show("clean", "/../a")).toBe("/a");
    expect(show("ext", "x.tar.gz")).toBe(".gz");
    expect(show("ext", "a/b.c/d")).toBe("");
    expect(show("ext", ".bashrc")).toBe(".bashrc");
    expect(call("isAbs", "/x")).toBe(true);
    expect(call("osIsAbs", "a")).toBe(false);
    expect(show("osClean", "")).toBe(".");
  });
});

describe("urlParse and urlJoin (Go's net/url)", () => {
  it("parse URLs into Sprig's map", () => {
    expect(show("urlParse", "https://user:pw@host.com:8080/p/a?q=1#frag")).toBe(
      "map[fragment:frag host:host.com:8080 hostname:host.com opaque: path:/p/a query:q=1 scheme:https userinfo:user:pw]",
    );
    expect(show("urlParse", "mailto:joe@x.org")).toBe("map[fragment: host: hostname: opaque:joe@x.org path: query: scheme:mailto userinfo:]");
    expect(show("urlParse", "/rel/p%20x?y")).toBe("map[fragment: host: hostname: opaque: path:/rel/p x query:y scheme: userinfo:]");
    expect(show("urlParse", "http://[::1]:80/")).toBe("map[fragment: host:[::1]:80 hostname:::1 opaque: path:/ query: scheme:http userinfo:]");
    expect(failure("urlParse", "http://a b.com/")).toBe('unable to parse url: parse "http://a b.com/": invalid character " " in host name');
    expect(failure("urlParse", "%zz")).toBe('unable to parse url: parse "%zz": invalid URL escape "%zz"');
  });
  it("join a map back into a URL with Go's escaping", () => {
    expect(show("urlJoin", dict("scheme", "https", "host", "h.com", "path", "/x", "query", "a=b"))).toBe("https://h.com/x?a=b");
    expect(show("urlJoin", dict("scheme", "https", "host", "h.com", "path", "/x y", "query", "a=b", "fragment", "f g", "userinfo", "u:p@"))).toBe(
      "https://u:p%40@h.com/x%20y?a=b#f%20g",
    );
    expect(show("urlJoin", dict("path", "a:b"))).toBe("./a:b");
    expect(show("urlJoin", dict("scheme", "mailto", "opaque", "joe@x.org"))).toBe("mailto:joe@x.org");
    expect(failure("urlJoin", dict("host", int(1)))).toBe("unable to parse host key, must be of type string, but int found");
  });
});
