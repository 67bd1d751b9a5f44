export { serverUrl, isolatedMongoUrl, uniqueName } from './servers';
