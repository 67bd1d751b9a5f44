export { serverUrl, isolatedMongoUrl, uniqueName } from './servers';
export { startFaultProxy, type FaultProxy } from './fault-proxy';
export { eventually } from './eventually';
