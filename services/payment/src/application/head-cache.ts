import type { SagaEvent } from './payment.ports';

/**
 * The head of each live saga this process stored, so a reply's step is inserted at head + 1 without
 * reading the stream first. Only a hint: a head stored meanwhile by another replica makes that
 * insert lose the unique (sagaId, version) race, and the retry reads the store (the store rule).
 * Bounded (oldest dropped first); a saga is dropped once it has closed.
 */
export class HeadCache {
  private readonly heads = new Map<string, SagaEvent>();

  constructor(private readonly capacity = 10_000) {}

  get(sagaId: string): SagaEvent | undefined {
    return this.heads.get(sagaId);
  }

  remember(event: SagaEvent): void {
    const known = this.heads.get(event.sagaId);
    if (known && known.version >= event.version) return;
    this.heads.delete(event.sagaId);
    this.heads.set(event.sagaId, event);
    if (this.heads.size > this.capacity) this.heads.delete(this.heads.keys().next().value!);
  }

  forget(sagaId: string): void {
    this.heads.delete(sagaId);
  }

  get size(): number {
    return this.heads.size;
  }
}
