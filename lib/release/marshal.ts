/**
 * Writes a release as the JSON helm 4.1.4 produces: Go struct field order, Go's omitempty/omitzero rules, zero
 * timestamps omitted, map keys sorted. Fields only older or newer helms know (helm 3's "" times,
 * main's rollback_revision, depends-on) are not written, exactly as helm 4.1.4 would drop them on rewrite.
 */
import { GO_ZERO_TIME } from "./go-time";
import { GoStruct, goMarshal } from "./go-json";
import type {
  ChartDependency,
  ChartFile,
  ChartLock,
  ChartMetadata,
  Hook,
  Maintainer,
  Release,
  ReleaseChart,
  ReleaseInfo,
} from "./types";

function nonEmpty(text: string | undefined): string | undefined {
  return text ? text : undefined;
}

function nonEmptyList<T>(list: readonly T[] | null | undefined): readonly T[] | undefined {
  return list && list.length > 0 ? list : undefined;
}

function nonEmptyMap<T>(map: Record<string, T> | null | undefined): Record<string, T> | undefined {
  return map && Object.keys(map).length > 0 ? map : undefined;
}

function maintainerStruct(m: Maintainer | null): GoStruct | null {
  if (!m) return null;
  return new GoStruct([
    ["name", nonEmpty(m.name)],
    ["email", nonEmpty(m.email)],
    ["url", nonEmpty(m.url)],
  ]);
}

function dependencyStruct(d: ChartDependency | null): GoStruct | null {
  if (!d) return null;
  return new GoStruct([
    ["name", d.name],
    ["version", nonEmpty(d.version)],
    ["repository", d.repository],
    ["condition", nonEmpty(d.condition)],
    ["tags", nonEmptyList(d.tags)],
    ["enabled", d.enabled ? true : undefined],
    ["import-values", nonEmptyList(d["import-values"])],
    ["alias", nonEmpty(d.alias)],
  ]);
}

function metadataStruct(md: ChartMetadata | null): GoStruct | null {
  if (!md) return null;
  return new GoStruct([
    ["name", nonEmpty(md.name)],
    ["home", nonEmpty(md.home)],
    ["sources", nonEmptyList(md.sources)],
    ["version", nonEmpty(md.version)],
    ["description", nonEmpty(md.description)],
    ["keywords", nonEmptyList(md.keywords)],
    ["maintainers", nonEmptyList(md.maintainers)?.map(maintainerStruct)],
    ["icon", nonEmpty(md.icon)],
    ["apiVersion", nonEmpty(md.apiVersion)],
    ["condition", nonEmpty(md.condition)],
    ["tags", nonEmpty(md.tags)],
    ["appVersion", nonEmpty(md.appVersion)],
    ["deprecated", md.deprecated ? true : undefined],
    ["annotations", nonEmptyMap(md.annotations)],
    ["kubeVersion", nonEmpty(md.kubeVersion)],
    ["dependencies", nonEmptyList(md.dependencies)?.map(dependencyStruct)],
    ["type", nonEmpty(md.type)],
  ]);
}

function lockStruct(lock: ChartLock | null): GoStruct | null {
  if (!lock) return null;
  return new GoStruct([
    ["generated", lock.generated ?? GO_ZERO_TIME],
    ["digest", lock.digest],
    ["dependencies", lock.dependencies ? lock.dependencies.map(dependencyStruct) : null],
  ]);
}

function fileStruct(file: ChartFile): GoStruct {
  return new GoStruct([
    ["name", file.name],
    ["data", file.data],
    ["modtime", file.modtime],
  ]);
}

function chartStruct(chart: ReleaseChart | null): GoStruct | undefined {
  if (!chart) return undefined;
  return new GoStruct([
    ["metadata", metadataStruct(chart.metadata)],
    ["lock", lockStruct(chart.lock)],
    ["templates", chart.templates ? chart.templates.map(fileStruct) : null],
    ["values", chart.values],
    ["schema", chart.schema],
    // A Go time.Time struct field is never "empty", so helm 4 always writes it.
    ["schemamodtime", chart.schemamodtime ?? GO_ZERO_TIME],
    ["files", chart.files ? chart.files.map(fileStruct) : null],
    ["modtime", chart.modtime],
  ]);
}

function infoStruct(info: ReleaseInfo): GoStruct {
  return new GoStruct([
    ["first_deployed", info.first_deployed],
    ["last_deployed", info.last_deployed],
    ["deleted", info.deleted],
    ["description", nonEmpty(info.description)],
    ["status", nonEmpty(info.status)],
    ["notes", nonEmpty(info.notes)],
    ["resources", nonEmptyMap(info.resources)],
  ]);
}

function hookStruct(hook: Hook): GoStruct {
  return new GoStruct([
    ["name", nonEmpty(hook.name)],
    ["kind", nonEmpty(hook.kind)],
    ["path", nonEmpty(hook.path)],
    ["manifest", nonEmpty(hook.manifest)],
    ["events", nonEmptyList(hook.events)],
    [
      "last_run",
      new GoStruct([
        ["started_at", hook.last_run.started_at],
        ["completed_at", hook.last_run.completed_at],
        ["phase", hook.last_run.phase],
      ]),
    ],
    ["weight", hook.weight !== 0 ? hook.weight : undefined],
    ["delete_policies", nonEmptyList(hook.delete_policies)],
    ["output_log_policies", nonEmptyList(hook.output_log_policies)],
  ]);
}

/** The release JSON text, byte-for-byte as helm 4.1.4's json.Marshal would produce it. */
export function marshalRelease(release: Release): string {
  return goMarshal(
    new GoStruct([
      ["name", nonEmpty(release.name)],
      ["info", infoStruct(release.info)],
      ["chart", chartStruct(release.chart)],
      ["config", nonEmptyMap(release.config)],
      ["manifest", nonEmpty(release.manifest)],
      ["hooks", nonEmptyList(release.hooks)?.map(hookStruct)],
      ["version", release.version !== 0 ? release.version : undefined],
      ["namespace", nonEmpty(release.namespace)],
      ["apply_method", nonEmpty(release.apply_method)],
    ]),
  );
}
