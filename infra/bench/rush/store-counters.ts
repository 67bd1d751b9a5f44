/**
 * FerretDB's own count of the commands it handled, by command name, from its Prometheus endpoint
 * (`ferretdb_client_requests_total{command="find",opcode="OP_MSG"} 874`). The counters are
 * server-wide: anything else using FerretDB meanwhile (tests, another bench) is counted too.
 */
export type CommandCounts = Record<string, number>;

const LINE = /^ferretdb_client_requests_total\{([^}]*)\}\s+([0-9.eE+-]+)$/;

export async function readCommandCounts(metricsUrl: string): Promise<CommandCounts | null> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return null;
    const counts: CommandCounts = {};
    for (const line of (await response.text()).split('\n')) {
      const m = LINE.exec(line.trim());
      if (!m) continue;
      const command = /command="([^"]*)"/.exec(m[1]!)?.[1] ?? 'unknown';
      counts[command] = (counts[command] ?? 0) + Number(m[2]);
    }
    return counts;
  } catch {
    return null;
  }
}

export function diffCounts(later: CommandCounts | null, earlier: CommandCounts | null): CommandCounts | null {
  if (!later || !earlier) return null;
  const diff: CommandCounts = {};
  for (const [command, n] of Object.entries(later)) {
    const d = n - (earlier[command] ?? 0);
    if (d < 0) return null; // the counters went back: FerretDB restarted in between
    if (d > 0) diff[command] = d;
  }
  return Object.fromEntries(Object.entries(diff).sort((a, b) => b[1] - a[1]));
}

export const totalOf = (counts: CommandCounts | null): number | null =>
  counts ? Object.values(counts).reduce((a, b) => a + b, 0) : null;
