export { runService, type RunningService } from './run-service';
export { runInWorkers } from './run-workers';
