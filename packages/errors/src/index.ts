export { DomainError, isDefiniteAnswer, isDomainError, type ErrorKind } from './domain-error';
export { withDeadline } from './deadline';
export { isUnreachableStore, knownError } from './unreachable';
