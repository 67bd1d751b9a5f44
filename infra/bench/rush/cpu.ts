/**
 * CPU seconds (user + system) per process group from /proc/<pid>/stat. PostgreSQL backends come and
 * go, so its group also counts the CPU of reaped children (cutime + cstime of the postmaster).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export type CpuSample = Record<string, number>;

interface Stat {
  ppid: number;
  comm: string;
  cmdline: string;
  ticks: number;
  childTicks: number;
}

function readStat(pid: number): Stat | null {
  try {
    const raw = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = raw.lastIndexOf(')');
    const comm = raw.slice(raw.indexOf('(') + 1, close);
    const fields = raw.slice(close + 2).split(' '); // fields[0] is the state (field 3 of proc(5))
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((i) => Number(fields[i]));
    let cmdline = '';
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    } catch {
      /* gone */
    }
    return { ppid: Number(fields[1]), comm, cmdline, ticks: utime! + stime!, childTicks: cutime! + cstime! };
  } catch {
    return null;
  }
}

/** groups: the bench's children by name; the servers are found by process name. */
export function sampleCpu(children: { name: string; pid: number | undefined }[]): CpuSample {
  const sample: CpuSample = {};
  const add = (group: string, ticks: number) => (sample[group] = (sample[group] ?? 0) + ticks / CLOCK_TICKS);
  const groupOf = new Map<number, string>();
  for (const { name, pid } of children) {
    const stat = pid === undefined ? null : readStat(pid);
    if (stat && pid !== undefined) {
      add(name, stat.ticks);
      groupOf.set(pid, name);
    }
  }
  const self = process.cpuUsage();
  sample.bench = (self.user + self.system) / 1e6;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    const parentGroup = groupOf.get(stat.ppid);
    if (parentGroup) add(parentGroup, stat.ticks); // a service's worker processes (GATEWAY_WORKERS)
    else if (stat.comm === 'postgres') add('postgresql', stat.ticks + stat.childTicks);
    else if (stat.comm === 'redis-server') add('redis', stat.ticks);
    else if (stat.comm === 'beam.smp') add('rabbitmq', stat.ticks);
    // Named with its pid: a FerretDB restarted during the rush shows as another process, not a difference.
    else if (stat.cmdline.includes('ferretdb --handler')) add(`ferretdb[${entry}]`, stat.ticks);
  }
  return sample;
}

export function diffCpu(later: CpuSample, earlier: CpuSample): CpuSample {
  const diff: CpuSample = {};
  for (const [group, seconds] of Object.entries(later)) diff[group] = Math.max(0, seconds - (earlier[group] ?? 0));
  return diff;
}
