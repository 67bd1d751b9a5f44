/** Latencies and status histograms per route. */

export const RUSH_ROUTES = ['1-1 join', '1-2 poll', '1-3 leave', '2-1 dates', '2-2 seats', '3-1 hold', '4-2 top-up', '5 payment', '5-1 payment poll'] as const;
export const SETUP_ROUTES = ['0 create user', '4-2 charge', '4-1 balance'] as const;
export type Route = (typeof RUSH_ROUTES)[number] | (typeof SETUP_ROUTES)[number];

class RouteStats {
  readonly latencies: number[] = [];
  readonly statuses = new Map<string, number>();
}

export interface RouteSummary {
  route: Route;
  count: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  statuses: Record<string, number>;
}

export const percentile = (sorted: number[], p: number): number | null =>
  sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

export class Recorder {
  private readonly routes = new Map<Route, RouteStats>();
  /** Responses with a status ≥ 500, by route and status (a timeout is not a response). */
  serverErrors = 0;

  record(route: Route, ms: number, statusKey: string, status: number): void {
    let stats = this.routes.get(route);
    if (!stats) this.routes.set(route, (stats = new RouteStats()));
    stats.latencies.push(ms);
    stats.statuses.set(statusKey, (stats.statuses.get(statusKey) ?? 0) + 1);
    if (status >= 500) this.serverErrors++;
  }

  summary(routes: readonly Route[]): RouteSummary[] {
    return routes.map((route) => {
      const stats = this.routes.get(route) ?? new RouteStats();
      const sorted = Float64Array.from(stats.latencies).sort();
      const list = Array.from(sorted);
      return {
        route,
        count: list.length,
        p50: percentile(list, 50),
        p99: percentile(list, 99),
        max: list.length ? list[list.length - 1]! : null,
        statuses: Object.fromEntries([...stats.statuses].sort((a, b) => b[1] - a[1])),
      };
    });
  }
}
