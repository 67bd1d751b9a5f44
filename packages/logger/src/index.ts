export { createLogger, type Logger } from './create-logger';
export { withCorrelation, currentCorrelation, type Correlation } from './correlation';
