export { runService, type RunningService } from './run-service';
