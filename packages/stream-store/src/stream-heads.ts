/**
 * The newest record this process knows of each stream, at most `capacity` streams (the oldest
 * remembered is dropped first). Only a hint for the store rule: a writer inserts at head + 1 without a
 * read, and a head gone stale (another process appended meanwhile) loses that unique insert, after
 * which the writer reads the store. A record older than the known head never replaces it.
 */
export class StreamHeads<T extends { version: number }> {
  private readonly heads = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(streamId: string): T | undefined {
    return this.heads.get(streamId);
  }

  remember(streamId: string, record: T): void {
    const known = this.heads.get(streamId);
    if (known && known.version > record.version) return;
    this.heads.delete(streamId);
    this.heads.set(streamId, record);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(streamId: string): void {
    this.heads.delete(streamId);
  }

  get size(): number {
    return this.heads.size;
  }
}
