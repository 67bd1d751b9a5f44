/**
 * Turns one pino JSON line into a readable one for the local console:
 *   12:00:01.234 wallet    INFO  charge applied  sagaId=… requestId=… amount=1000
 * Anything that is not JSON is passed through, prefixed with the service name.
 */
const COLORS: Record<string, string> = { trace: '90', debug: '90', info: '32', warn: '33', error: '31', fatal: '35' };
const SKIP = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname']);

export function formatLogLine(service: string, line: string, color = process.stdout.isTTY): string {
  const name = service.padEnd(8);
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return `${name} ${line}`;
  }
  if (typeof entry !== 'object' || entry === null) return `${name} ${line}`;
  const level = String(entry.level ?? 'info');
  const time = typeof entry.time === 'string' ? entry.time.slice(11, 23) : '';
  const shownLevel = level.toUpperCase().padEnd(5);
  const paint = (text: string) => (color ? `\x1b[${COLORS[level] ?? '0'}m${text}\x1b[0m` : text);
  const fields = Object.entries(entry)
    .filter(([key]) => !SKIP.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
  return `${time} ${name} ${paint(shownLevel)} ${String(entry.msg ?? '')}${fields ? `  ${fields}` : ''}`;
}
