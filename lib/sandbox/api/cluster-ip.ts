/** Hands out Service cluster IPs from 10.96.0.0/16; 10.96.0.1 belongs to the `default/kubernetes` Service. */
export class ClusterIpAllocator {
  private readonly used = new Set<string>(["10.96.0.1"]);
  private next = 10;

  allocate(): string {
    for (let attempts = 0; attempts < 65_000; attempts++) {
      const n = this.next;
      this.next = n >= 65_000 ? 10 : n + 1;
      const ip = `10.96.${Math.floor(n / 256)}.${n % 256}`;
      if (!this.used.has(ip)) {
        this.used.add(ip);
        return ip;
      }
    }
    throw new Error("cluster IP range exhausted");
  }

  reserve(ip: string): void {
    if (ip && ip !== "None") this.used.add(ip);
  }

  release(ip: string): void {
    if (ip !== "10.96.0.1") this.used.delete(ip);
  }
}
