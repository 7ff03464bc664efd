/** Shown while the charts list or a chart's files are read from the database. */
export default function Loading() {
  return (
    <p role="status" className="text-sm text-slate-500">
      Loading charts…
    </p>
  );
}
