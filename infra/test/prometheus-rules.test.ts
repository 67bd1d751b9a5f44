import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

// The alert rules must load (promtool check rules) and fire exactly as alerts.test.yml expects
// (promtool test rules). promtool comes with Debian's prometheus package: infra/prometheus/ensure-prometheus.sh.
const DIR = path.resolve(__dirname, '../prometheus');

const promtool = (...args: string[]): string => {
  try {
    return execFileSync('promtool', args, { cwd: DIR, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const { stdout, stderr, code } = error as { stdout?: string; stderr?: string; code?: string };
    if (code === 'ENOENT') throw new Error('promtool is not installed: run infra/prometheus/ensure-prometheus.sh (infra/local/test.sh does)');
    throw new Error(`promtool ${args.join(' ')} failed:\n${stdout ?? ''}${stderr ?? ''}`);
  }
};

describe('alert rules', () => {
  it('pass promtool check rules', () => {
    expect(promtool('check', 'rules', 'alerts.yml')).toMatch(/SUCCESS: 8 rules found/);
  });

  it('pass their promtool unit tests (alerts.test.yml)', () => {
    expect(promtool('test', 'rules', 'alerts.test.yml')).toMatch(/SUCCESS/);
  });

  it('the local scrape config (the start command’s fixed metrics ports) is valid', () => {
    expect(promtool('check', 'config', 'prometheus.yml')).toMatch(/SUCCESS/);
  });
});
