// Two workers serving one port, each answering with its pid; SIGTERM to the primary stops them all.
import { createServer } from 'node:http';
import { runInWorkers } from '../src';

runInWorkers('fixture', Number(process.env.WORKERS ?? 2), () => {
  createServer((_req, res) => res.end(String(process.pid))).listen(Number(process.env.PORT));
  process.once('SIGTERM', () => process.exit(0));
});
