/**
 * A gateway that does no work: it reads the request and answers a join-sized 201 at once, from
 * `WORKERS` processes sharing the port as the real gateway's workers do. What the fans measure
 * against it is what connecting and one request cost on this machine, before any service runs.
 */
import cluster from 'node:cluster';
import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 18099);
const workers = Number(process.env.WORKERS ?? 2);
const answer = JSON.stringify({ token: 'x'.repeat(220), status: 'WAITING', position: 1, estimatedWaitSeconds: 1, pollAfterSeconds: 1 });

if (cluster.isPrimary && workers > 1) {
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  for (let i = 0; i < workers; i++) cluster.fork();
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(answer);
    });
  }).listen({ port, host: '127.0.0.1', backlog: 4096 });
}
