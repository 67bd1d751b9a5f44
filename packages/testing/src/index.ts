export { serverUrl, isolatedMongoUrl, uniqueName } from './servers';
export { startStallingProxy, type StallingProxy } from './stalling-proxy';
export { eventually } from './eventually';
