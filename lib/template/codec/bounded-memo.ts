/**
 * A string-keyed memory with a size budget, for the codecs' remembered answers. Sizes are counted in characters as
 * the caller reports them; when an entry would pass the budget, everything is forgotten and counting starts again
 * (the answers worth keeping come back within one render).
 */
export class BoundedMemo<T> {
  private readonly entries = new Map<string, T>();
  private size = 0;

  constructor(private readonly budget: number) {}

  get(key: string): T | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: T, size: number): void {
    if (size > this.budget) return;
    if (this.size + size > this.budget) {
      this.entries.clear();
      this.size = 0;
    }
    this.entries.set(key, value);
    this.size += size;
  }
}
