import Link from "next/link";

export default function OperationNotFound() {
  return (
    <div className="space-y-3 rounded-md border border-dashed border-slate-300 p-6 text-sm text-slate-600">
      <h1 className="text-lg font-medium text-slate-900">No such operation</h1>
      <Link href="/" className="text-indigo-700 hover:underline">
        Back to the releases
      </Link>
    </div>
  );
}
