import { EventEmitter } from 'node:events';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { amqpConsumerMetrics, createMetricsRegistry, httpMetrics, observeStoreCommands, parkedDepthGauge, sourceOf, startMetricsServer, withCommandMonitoring } from '../src';

/** The sample lines of one metric in exposition text, without the `service` label every series has. */
async function samples(text: string, name: string): Promise<string[]> {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .map((line) => line.replace(/service="[^"]*"/, '').replace('{,', '{').replace(',,', ',').replace(',}', '}').replace('{}', ''));
}

describe('http metrics', () => {
  it('labels requests with the route template — also when the route fails — never with the raw path', async () => {
    const registry = createMetricsRegistry('test');
    const metrics = httpMetrics(registry);
    const app = express();
    app.use(metrics.middleware);
    const api = express.Router();
    api.use(metrics.routerBase);
    api.get('/concerts/:concertCode/token', async (_req, res) => {
      res.json({});
    });
    api.get('/users/:userId/fail', async () => {
      throw new Error('boom');
    });
    api.get('/slow/:id', async (_req, res) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      res.json({});
    });
    app.use('/api/v1', api);
    app.use((_req: express.Request, res: express.Response) => {
      res.status(404).end();
    });
    app.use((_error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).end();
    });
    const server = app.listen(0);
    await new Promise((resolve) => server.once('listening', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/api/v1/concerts/C1/token', '/api/v1/concerts/C2/token', '/api/v1/users/secret-user-id/fail', '/api/v1/users/x']) {
        await (await fetch(origin + path)).arrayBuffer();
      }
      // A client that gives up before the answer.
      await expect(fetch(`${origin}/api/v1/slow/1`, { signal: AbortSignal.timeout(50) })).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 400));
      const text = await registry.metrics();
      expect((await samples(text, 'http_requests_total')).sort()).toEqual([
        'http_requests_total{method="GET",route="/api/v1/concerts/:concertCode/token",code="200"} 2',
        'http_requests_total{method="GET",route="/api/v1/slow/:id",code="499"} 1',
        'http_requests_total{method="GET",route="/api/v1/users/:userId/fail",code="500"} 1',
        'http_requests_total{method="GET",route="unmatched",code="404"} 1',
      ]);
      expect(await samples(text, 'http_request_duration_seconds_count')).toContain(
        'http_request_duration_seconds_count{method="GET",route="/api/v1/concerts/:concertCode/token"} 2',
      );
      expect(text).not.toMatch(/C1|C2|secret-user-id/);
    } finally {
      // fetch keeps its sockets alive: close them too, or the open server outlives the test run.
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('metrics server', () => {
  it('serves the registry on GET /metrics (default process metrics included) and 404 elsewhere', async () => {
    const registry = createMetricsRegistry('svc');
    const server = await startMetricsServer(sourceOf(registry), 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const text = await response.text();
      expect(text).toMatch(/^process_cpu_user_seconds_total\{service="svc"\} /m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds\{service="svc"\} /m);
      expect((await fetch(`http://127.0.0.1:${server.port}/`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('amqp metrics', () => {
  it('counts handled, retried and parked (malformed, or at the last attempt) messages per queue; the depth gauge reads at scrape', async () => {
    const registry = createMetricsRegistry('svc');
    const metrics = amqpConsumerMetrics(registry);
    const handler = metrics.observe(
      'q.walletCommands',
      async (body: string) => {
        if (body === 'bad') throw new Error('refused');
        if (body === 'garbled') throw Object.assign(new Error('no sagaId'), { name: 'MalformedMessage' });
      },
      3,
    );
    await handler('good', { attempt: 1 });
    await expect(handler('bad', { attempt: 1 })).rejects.toThrow('refused');
    await expect(handler('bad', { attempt: 2 })).rejects.toThrow('refused');
    await expect(handler('bad', { attempt: 3 })).rejects.toThrow('refused');
    await expect(handler('garbled', { attempt: 1 })).rejects.toThrow('no sagaId');
    let depth = 4;
    parkedDepthGauge(registry, async () => ({ 'q.walletCommands.parking': depth, 'q.other.parking': 9 }), ['q.walletCommands.parking']);

    const text = await registry.metrics();
    expect(await samples(text, 'amqp_messages_consumed_total')).toEqual(['amqp_messages_consumed_total{queue="q.walletCommands"} 1']);
    expect(await samples(text, 'amqp_messages_retried_total')).toEqual(['amqp_messages_retried_total{queue="q.walletCommands"} 2']);
    expect(await samples(text, 'amqp_messages_parked_total')).toEqual(['amqp_messages_parked_total{queue="q.walletCommands"} 2']);
    expect(await samples(text, 'amqp_parked_messages')).toEqual(['amqp_parked_messages{queue="q.walletCommands.parking"} 4']);
    depth = 0;
    expect(await samples(await registry.metrics(), 'amqp_parked_messages')).toEqual(['amqp_parked_messages{queue="q.walletCommands.parking"} 0']);
  });
});

describe('store metrics', () => {
  it('observes driver command events by command name and outcome, in seconds', async () => {
    const registry = createMetricsRegistry('svc');
    const client = new EventEmitter();
    observeStoreCommands(registry, client);
    client.emit('commandSucceeded', { commandName: 'find', duration: 3 });
    client.emit('commandSucceeded', { commandName: 'find', duration: 7 });
    client.emit('commandFailed', { commandName: 'insert', duration: 1 });
    const text = await registry.metrics();
    expect(await samples(text, 'store_command_duration_seconds_count')).toEqual([
      'store_command_duration_seconds_count{command="find",outcome="ok"} 2',
      'store_command_duration_seconds_count{command="insert",outcome="error"} 1',
    ]);
    expect(await samples(text, 'store_command_duration_seconds_sum')).toContain('store_command_duration_seconds_sum{command="find",outcome="ok"} 0.01');
  });

  it('turns monitoring on in the connection URL, keeping its other options', () => {
    expect(withCommandMonitoring('mongodb://127.0.0.1:27017/wallet?maxPoolSize=5')).toBe('mongodb://127.0.0.1:27017/wallet?maxPoolSize=5&monitorCommands=true');
  });
});
