/** The broker's parking queues as operators see them; throws an `unavailable` DomainError when it cannot be asked. */
export interface ParkedMessagesPort {
  /** Messages per parking queue, by the parking queue's name. */
  counts(): Promise<Record<string, number>>;
  close(): void;
}
