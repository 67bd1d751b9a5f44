/**
 * A Map that holds at most `capacity` entries, dropping the oldest inserted first. No reordering on
 * reads: everything kept here is a cache whose miss costs one store read, so a hot entry that is
 * dropped simply comes back on that read; plain insertion order keeps get() free of writes.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new Error('capacity must be at least 1');
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    // Re-inserting moves the key to the young end, so a rewritten entry is not the next dropped.
    this.entries.delete(key);
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as K);
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }
}
