/**
 * A real Prometheus (Debian's package; infra/prometheus/ensure-prometheus.sh installs it) scrapes the
 * running system: every service started as a child process with a metrics port of its own, one purchase
 * made through the gateway, then Prometheus is asked — over its HTTP API — whether every target is up,
 * whether each service's own metrics arrived with the purchase in them, whether it loaded the alert
 * rules, and whether any label carries the fan's id, token or reservation. The rush dashboard's and the
 * alerts' queries are checked against the metric names the services export.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { seedDemoCatalog } from '../../services/concert/src/seed';
import { clearLeftovers, freePort, SERVICES, startMetricsSystem, type MetricsSystem, type ServiceName } from './metrics-system';
import { exportedNames, metricNamesOf } from './promql-names';

const ROOT = path.resolve(__dirname, '../..');
const ALERTS = path.join(ROOT, 'infra/prometheus/alerts.yml');
const DASHBOARD = path.join(ROOT, 'infra/grafana/rush-dashboard.json');

function requireBinary(name: string): void {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
  } catch {
    throw new Error(`${name} is not installed: run infra/prometheus/ensure-prometheus.sh (infra/local/test.sh does)`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes; then fails with `what`. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    await sleep(500);
  }
  throw new Error(`${what} did not happen within ${timeoutMs / 1000} s${last ? `: ${String(last)}` : ''}`);
}

interface Sample {
  metric: Record<string, string>;
  value: [number, string];
}

describe('Prometheus scrapes the running system', () => {
  let system: MetricsSystem | undefined;
  let prometheus: ChildProcess | undefined;
  let promOrigin = '';
  let dataDir = '';
  const fan = { userId: '', userKey: '', token: '', reservationId: '', paymentId: '' };

  const api = async (method: string, route: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(`${system!.gatewayOrigin}/api/v1${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  const query = async (promql: string): Promise<Sample[]> => {
    const response = await fetch(`${promOrigin}/api/v1/query?query=${encodeURIComponent(promql)}`);
    const json = (await response.json()) as { status: string; data: { result: Sample[] }; error?: string };
    if (json.status !== 'success') throw new Error(`${promql}: ${json.error}`);
    return json.data.result;
  };
  /** The query's single value once it satisfies `ok` (Prometheus scrapes every second). */
  const valueOf = (promql: string, ok: (value: number) => boolean) =>
    eventually(`${promql} to be as expected`, async () => {
      const [sample] = await query(promql);
      const value = sample ? Number(sample.value[1]) : undefined;
      return value !== undefined && ok(value) ? value : undefined;
    });

  beforeAll(async () => {
    requireBinary('prometheus');
    await clearLeftovers();
    system = await startMetricsSystem();
    await seedDemoCatalog(system.concertMongoUrl);

    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'prometheus-test-'));
    const targets = (name: ServiceName) => `['127.0.0.1:${system!.metricsPorts[name]}']`;
    fs.writeFileSync(
      path.join(dataDir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        `rule_files: ['${ALERTS}']`,
        'scrape_configs:',
        ...SERVICES.map((name) => `  - { job_name: ${name}, static_configs: [{ targets: ${targets(name)} }] }`),
      ].join('\n'),
    );
    const port = await freePort();
    promOrigin = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [`--config.file=${path.join(dataDir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dataDir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
      { stdio: ['ignore', 'ignore', fs.openSync(path.join(dataDir, 'prometheus.log'), 'a')] },
    );
    await eventually('Prometheus to answer', async () => ((await fetch(`${promOrigin}/-/ready`).catch(() => null))?.ok ? true : undefined));
  }, 240_000);

  afterAll(async () => {
    if (prometheus && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      prometheus.kill('SIGTERM');
      await exited;
    }
    await system?.stop();
    if (system) await clearLeftovers();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('finds every target up, and each service’s own metrics with a purchase in them', async () => {
    const up = await eventually('every target up', async () => {
      const response = await fetch(`${promOrigin}/api/v1/targets?state=active`);
      const { data } = (await response.json()) as { data: { activeTargets: { labels: { job: string }; health: string }[] } };
      const healthy = data.activeTargets.filter((t) => t.health === 'up').map((t) => t.labels.job);
      return healthy.length === SERVICES.length ? healthy.sort() : undefined;
    });
    expect(up).toEqual([...SERVICES].sort());

    // One purchase, as a fan makes it.
    const created = await api('POST', '/users', {});
    expect(created.status).toBe(201);
    fan.userId = String(created.body.UUID);
    fan.userKey = String(created.body.userKey ?? '');
    const key = { 'x-user-key': fan.userKey };
    expect((await api('PATCH', `/users/${fan.userId}/balance`, { amount: 500_000 }, key)).status).toBe(200);
    const joined = await api('POST', '/concerts/IU-2026/token', { UUID: fan.userId }, key);
    expect(joined.status).toBeLessThan(300);
    fan.token = String(joined.body.token);
    const auth = { authorization: `Bearer ${fan.token}` };
    await eventually('the fan to be admitted', async () => ((await api('GET', '/concerts/IU-2026/token', undefined, auth)).body.status === 'ACTIVE' ? true : undefined));
    const concert = await api('GET', `/concerts/IU-2026?UUID=${fan.userId}`, undefined, auth);
    const concertDate = String((concert.body.concertDateList as { concertDate: string }[])[0]!.concertDate);
    const held = await api('PATCH', '/concerts/IU-2026', { UUID: fan.userId, concertDate, seatNumber: 7 }, auth);
    expect(held.status).toBe(200);
    fan.reservationId = String(held.body.reservationId ?? '');
    const paid = await api('POST', '/payments', { UUID: fan.userId }, auth);
    expect(paid.status).toBeLessThan(300);
    expect(paid.body.status).toBe('COMPLETED');
    fan.paymentId = String(paid.body.paymentId ?? '');
    expect((await api('GET', `/no-such-route/${fan.userId}`)).status).toBe(404);

    // Each service's own metrics, as Prometheus stored them.
    const byRoute = await eventually('the payment route counted', async () => {
      const samples = await query('sum by (route, method, code) (http_requests_total{job="gateway"})');
      return samples.some((s) => s.metric.route === '/api/v1/payments') ? samples : undefined;
    });
    const routes = byRoute.map((s) => `${s.metric.method} ${s.metric.route} ${s.metric.code}`);
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/users 201',
        'PATCH /api/v1/users/:UUID/balance 200',
        'POST /api/v1/concerts/:concertCode/token 201',
        'GET /api/v1/concerts/:concertCode/token 200',
        'PATCH /api/v1/concerts/:concertCode 200',
        'POST /api/v1/payments 200',
        'GET unmatched 404',
      ]),
    );
    await valueOf('sum(http_request_duration_seconds_count{job="gateway",route="/api/v1/payments"})', (v) => v === 1);
    await valueOf('sum(grpc_server_handled_total{job="queue",grpc_service="queue.v1.QueueService",grpc_code="OK"})', (v) => v >= 2);
    await valueOf('max(queue_admission_tick_timestamp_seconds{job="queue"})', (v) => v > Date.now() / 1000 - 60);
    await valueOf('count(queue_waiting{job="queue",concert="IU-2026"})', (v) => v === 1);
    await valueOf('sum(queue_admitted_total{job="queue",concert="IU-2026"})', (v) => v === 1);
    await valueOf('sum(grpc_server_handled_total{job="concert",grpc_method="HoldSeat",grpc_code="OK"})', (v) => v === 1);
    await valueOf('sum(amqp_messages_consumed_total{job="concert"})', (v) => v >= 1);
    await valueOf('sum(amqp_messages_consumed_total{job="wallet"})', (v) => v >= 1);
    await valueOf('sum(store_command_duration_seconds_count{job="wallet",command="insert",outcome="ok"})', (v) => v >= 1);
    await valueOf('count(amqp_parked_messages{job="payment"})', (v) => v === 1);
    await valueOf('sum(saga_started_total{job="payment"})', (v) => v === 1);
    await valueOf('sum(saga_completed_total{job="payment"})', (v) => v === 1);
    await valueOf('sum(saga_duration_seconds_count{job="payment",outcome="completed"})', (v) => v === 1);
    await valueOf('sum(saga_steps_total{job="payment",step="PAYMENT_STARTED",outcome="OK"})', (v) => v === 1);
    for (const job of SERVICES) await valueOf(`sum(process_cpu_seconds_total{job="${job}"})`, (v) => v > 0);
  }, 180_000);

  it('loaded the alert rules, none of them firing for a healthy system', async () => {
    const response = await fetch(`${promOrigin}/api/v1/rules?type=alert`);
    const { data } = (await response.json()) as { data: { groups: { rules: { name: string; health: string; state: string }[] }[] } };
    const rules = data.groups.flatMap((g) => g.rules);
    expect(rules.map((r) => r.name).sort()).toEqual(
      [
        'AdmissionLoopStopped',
        'AdmissionStalled',
        'Gateway5xxRatioHigh',
        'MessagesParked',
        'RateLimiterLettingThrough',
        'SagaFailureRatioHigh',
        'SagaStepsUnanswered',
        'ServiceDown',
      ].sort(),
    );
    expect(rules.filter((r) => r.health !== 'ok' && r.health !== 'unknown')).toEqual([]);
    expect(rules.filter((r) => r.state === 'firing')).toEqual([]);
  });

  it('stores no label that carries the fan’s id, key, token, reservation or payment', async () => {
    const response = await fetch(`${promOrigin}/api/v1/series?${SERVICES.map((job) => `match[]=${encodeURIComponent(`{job="${job}"}`)}`).join('&')}`);
    const { data } = (await response.json()) as { data: Record<string, string>[] };
    expect(data.length).toBeGreaterThan(100);
    const secrets = [fan.userId, fan.userKey, fan.token, fan.reservationId, fan.paymentId].filter((s) => s.length > 8);
    expect(secrets.length).toBeGreaterThanOrEqual(3);
    const leaks = data.filter((labels) => Object.values(labels).some((value) => secrets.some((secret) => value.includes(secret))));
    expect(leaks).toEqual([]);
  });

  it('the rush dashboard and the alert rules query only metrics the services export', async () => {
    const exported = new Set(['up']);
    for (const name of SERVICES) {
      const text = await (await fetch(`http://127.0.0.1:${system!.metricsPorts[name]}/metrics`)).text();
      for (const metric of exportedNames(text)) exported.add(metric);
    }
    const dashboard = JSON.parse(fs.readFileSync(DASHBOARD, 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
    const alerts = parse(fs.readFileSync(ALERTS, 'utf8')) as { groups: { rules: { alert: string; expr: string }[] }[] };
    const queries = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => ({ where: `panel "${p.title}"`, expr: t.expr }))),
      ...alerts.groups.flatMap((g) => g.rules.map((r) => ({ where: `alert ${r.alert}`, expr: r.expr }))),
    ];
    expect(dashboard.panels.map((p) => p.title)).toEqual(expect.arrayContaining(['Queue length', 'Admissions/s', 'Holds/s', 'Sagas/s', 'Saga duration p99', '5xx']));
    const unknown = queries.flatMap(({ where, expr }) => metricNamesOf(expr).filter((name) => !exported.has(name)).map((name) => `${where}: ${name}`));
    expect(unknown).toEqual([]);
    // The check itself sees the names (an extractor that finds nothing would pass any dashboard).
    expect(new Set(queries.flatMap(({ expr }) => metricNamesOf(expr))).size).toBeGreaterThanOrEqual(12);
  });
});
