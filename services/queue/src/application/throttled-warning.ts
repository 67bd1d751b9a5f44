import type { Logger } from '@concert/logger';

/**
 * A warning that repeats for as long as something stays broken (a dependency down) is logged at most
 * once per `everyMs`, with how many were held back since: one line per interval, not one per call.
 */
export function throttledWarning(logger: Logger, message: string, everyMs: number): (fields: Record<string, unknown>) => void {
  let lastAt = -Infinity;
  let suppressed = 0;
  return (fields) => {
    const now = Date.now();
    if (now - lastAt < everyMs) {
      suppressed++;
      return;
    }
    logger.warn({ ...fields, suppressed }, message);
    lastAt = now;
    suppressed = 0;
  };
}
