import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import * as path from 'node:path';

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('runInWorkers (real processes)', () => {
  it('serves one port from two worker processes, replaces a killed worker, and stops them all on SIGTERM', async () => {
    const port = await freePort();
    const primary = spawn(process.execPath, ['--conditions=@concert/source', '--import', 'tsx', path.join(__dirname, 'workers.fixture.ts')], {
      env: { ...process.env, PORT: String(port), WORKERS: '2', LOG_LEVEL: 'silent' },
      stdio: 'ignore',
    });
    const pidsAnswering = async (wanted: number) => {
      const seen = new Set<number>();
      for (let i = 0; i < 400 && seen.size < wanted; i++) {
        const pid = await fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } }).then((r) => r.text().then(Number), () => 0);
        if (pid) seen.add(pid);
        else await new Promise((r) => setTimeout(r, 50));
      }
      return [...seen];
    };
    try {
      const workers = await pidsAnswering(2);
      expect(workers).toHaveLength(2);
      expect(workers).not.toContain(primary.pid);

      process.kill(workers[0]!, 'SIGKILL');
      const after = await pidsAnswering(2);
      expect(after).toHaveLength(2);
      expect(after).toContain(workers[1]);

      const exited = new Promise<number | null>((resolve) => primary.once('exit', (code) => resolve(code)));
      primary.kill('SIGTERM');
      expect(await exited).toBe(0);
      for (const pid of after) expect(alive(pid)).toBe(false);
    } finally {
      if (primary.exitCode === null) primary.kill('SIGKILL');
    }
  }, 60_000);
});
