import pino from 'pino';
import { currentCorrelation } from './correlation';

export type Logger = pino.Logger;

/**
 * JSON logs; each line names its service and carries the current requestId/sagaId. Lines go to
 * stdout unless a destination is given (tests capture lines that way).
 */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => ({ ...currentCorrelation() }),
  };
  return destination ? pino(options, destination) : pino(options);
}
