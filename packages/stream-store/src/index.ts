export { isDuplicateKey, retryOnConflict, ConflictRetriesExhausted, DUPLICATE_KEY, type RetryOptions } from './conflict';
export { connectMongo, ensureIndexes, mongoAnswers, DEFAULT_STORE_DEADLINES, type StoreDeadlines } from './connect';
export { StreamHeads } from './stream-heads';
export { StreamTurns, type BusyReason, type TurnLimits } from './stream-turns';
