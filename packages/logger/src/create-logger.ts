import pino from 'pino';
import { currentCorrelation } from './correlation';

export type Logger = pino.Logger;

/** JSON logs; each line names its service and carries the current requestId/sagaId. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...currentCorrelation() }),
  });
}
