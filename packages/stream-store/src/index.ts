export { isDuplicateKey, retryOnConflict, ConflictRetriesExhausted, DUPLICATE_KEY, type RetryOptions } from './conflict';
export { connectMongo, ensureIndexes, mongoAnswers } from './connect';
export { StreamHeads } from './stream-heads';
