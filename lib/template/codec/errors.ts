/**
 * The two error types the codecs throw. Their messages are Go's texts, word for word, because templates
 * surface them to users (fromYaml puts them in `map[Error:…]`, Helm prints them on load failures).
 */

import type { GoValue } from "@/lib/template/value";

/** A YAML load failure. `line`/`column` are 1-based when the position is known (0 otherwise). */
export class YamlError extends Error {
  constructor(
    message: string,
    readonly line = 0,
    readonly column = 0,
  ) {
    super(message);
    this.name = "YamlError";
  }
}

/**
 * A JSON, YAML-marshal or TOML failure carrying Go's error text. `partial` is what Go had decoded anyway
 * (encoding/json keeps going after a type error such as a number overflow; Helm's fromJson shows it).
 */
export class CodecError extends Error {
  constructor(
    message: string,
    readonly partial?: GoValue,
  ) {
    super(message);
    this.name = "CodecError";
  }
}
