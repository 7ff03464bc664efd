/** helm's default "secret" driver: records in Secrets of type helm.sh/release.v1. */
import type { ObjectClient } from "../object-client";
import { ObjectReleaseDriver, type ObjectDriverOptions, type ObjectLayout } from "./object-driver";

export const SECRET_RELEASE_TYPE = "helm.sh/release.v1";

const SECRET_LAYOUT: ObjectLayout = {
  driverName: "Secret",
  kind: "Secret",
  type: SECRET_RELEASE_TYPE,
  // Secret data holds bytes; on the wire they are base64, so the already-base64 release is encoded once more.
  wrap: (encoded) => Buffer.from(encoded, "utf8").toString("base64"),
  unwrap: (data) => Buffer.from(data, "base64").toString("utf8"),
};

export function createSecretsDriver(client: ObjectClient, options: ObjectDriverOptions): ObjectReleaseDriver {
  return new ObjectReleaseDriver(client, SECRET_LAYOUT, options);
}
