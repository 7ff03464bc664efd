/**
 * The serialisation codecs Helm templates depend on: YAML values loading (go-yaml v2 via sigs.k8s.io/yaml),
 * toYaml / toYamlPretty, encoding/json, BurntSushi/toml, and Go's float text forms. Outputs are meant to be
 * byte-identical to Helm v4.1.4; errors carry Go's texts.
 */
export { YamlError, CodecError } from "./errors";
export { formatFloatG, formatFloatJson } from "./float-format";
export { loadYaml, loadYamlDocuments } from "./yaml-load";
export { marshalYaml, marshalYamlV3 } from "./yaml-marshal";
export { marshalJson, type JsonOptions } from "./json-encode";
export { unmarshalJson } from "./json-decode";
export { marshalToml } from "./toml-encode";
export { unmarshalToml } from "./toml-decode";
