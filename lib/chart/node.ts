/**
 * The Node entry of lib/chart: everything from the browser-safe index plus loading from a directory on disk.
 */
export * from "./index";
export { loadChartDirectory } from "./load-directory";
