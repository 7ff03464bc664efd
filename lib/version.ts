/** Hookline's version, from package.json, for /api/health and the CLI. */
import pkg from "../package.json";

export const HOOKLINE_VERSION: string = pkg.version;
