/** helm's "configmap" driver: records in ConfigMaps, the encoded release stored as a plain string. */
import type { ObjectClient } from "../object-client";
import { ObjectReleaseDriver, type ObjectDriverOptions, type ObjectLayout } from "./object-driver";

const CONFIGMAP_LAYOUT: ObjectLayout = {
  driverName: "ConfigMap",
  kind: "ConfigMap",
  wrap: (encoded) => encoded,
  unwrap: (data) => data,
};

export function createConfigMapsDriver(client: ObjectClient, options: ObjectDriverOptions): ObjectReleaseDriver {
  return new ObjectReleaseDriver(client, CONFIGMAP_LAYOUT, options);
}
