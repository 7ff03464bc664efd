import { LoadingState } from "@/components/PageStates";

export default function Loading() {
  return <LoadingState what="the sandbox scenarios" />;
}
