import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** CPU time and memory of another process, read from Linux's /proc (null elsewhere). */

export interface CpuTicks {
  /** user + system time, in clock ticks */
  ticks: number;
  /** when it was read (performance.now(), ms) */
  at: number;
}

/** utime + stime from /proc/<pid>/stat; the command name may hold spaces and parentheses. */
export function parseStatTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('unexpected /proc/<pid>/stat');
  return utime + stime;
}

/**
 * CPU time (user + system, in clock ticks) of this process's children that have exited and been
 * waited for: cutime + cstime of /proc/self/stat (null elsewhere).
 */
export function readChildrenTicks(): number | null {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[13]) + Number(fields[14]);
    return Number.isFinite(ticks) ? ticks : null;
  } catch {
    return null;
  }
}

/** VmRSS (resident now) and VmHWM (resident at its peak) from /proc/<pid>/status, in KiB. */
export function parseStatusMemory(status: string): { rssKb: number; peakKb: number } {
  const kb = (name: string) => {
    const match = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match) throw new Error(`no ${name} in /proc/<pid>/status`);
    return Number(match[1]);
  };
  return { rssKb: kb('VmRSS'), peakKb: kb('VmHWM') };
}

/** Share of one core used between two readings, in percent (200 = both cores of a 2-core machine). */
export function cpuPercent(before: CpuTicks, after: CpuTicks, ticksPerSecond: number): number | null {
  const wallS = (after.at - before.at) / 1000;
  if (wallS <= 0) return null;
  return ((after.ticks - before.ticks) / ticksPerSecond / wallS) * 100;
}

let ticksPerSecond: number | undefined;

/** USER_HZ: 100 on every mainstream Linux, asked once to be sure. */
export function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

export function readCpuTicks(pid: number): CpuTicks | null {
  try {
    return { ticks: parseStatTicks(fs.readFileSync(`/proc/${pid}/stat`, 'utf8')), at: performance.now() };
  } catch {
    return null;
  }
}

export function readMemory(pid: number): { rssKb: number; peakKb: number } | null {
  try {
    return parseStatusMemory(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Samples a process every `intervalMs`: resident memory now and at most, and CPU over any window
 * marked with `mark()`.
 */
export function monitorProcess(pid: number, intervalMs = 500) {
  let maxRssKb = 0;
  const samples: Array<{ at: number; rssKb: number }> = [];
  const sample = () => {
    const memory = readMemory(pid);
    if (!memory) return;
    maxRssKb = Math.max(maxRssKb, memory.rssKb);
    samples.push({ at: performance.now(), rssKb: memory.rssKb });
    if (samples.length > 20_000) samples.splice(0, 10_000);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  timer.unref();

  return {
    rssMb(): number | null {
      const memory = readMemory(pid);
      return memory ? memory.rssKb / 1024 : null;
    },
    peakMb(): number | null {
      const memory = readMemory(pid);
      return memory ? memory.peakKb / 1024 : null;
    },
    /** Starts a window: returns a function that ends it with CPU % and RSS over the window. */
    mark() {
      const startCpu = readCpuTicks(pid);
      const startAt = performance.now();
      return () => {
        sample();
        const endCpu = readCpuTicks(pid);
        const inWindow = samples.filter((s) => s.at >= startAt).map((s) => s.rssKb);
        return {
          cpuPct: startCpu && endCpu ? cpuPercent(startCpu, endCpu, clockTicksPerSecond()) : null,
          /** CPU time over the window, in seconds (all the process's threads). */
          cpuS: startCpu && endCpu ? (endCpu.ticks - startCpu.ticks) / clockTicksPerSecond() : null,
          maxRssMb: inWindow.length > 0 ? Math.max(...inWindow) / 1024 : null,
          lastRssMb: inWindow.length > 0 ? inWindow[inWindow.length - 1]! / 1024 : null,
          rssSeriesMb: inWindow.map((kb) => kb / 1024),
        };
      };
    },
    get maxRssMb() {
      return maxRssKb / 1024;
    },
    stop() {
      clearInterval(timer);
    },
  };
}

export type ProcessMonitor = ReturnType<typeof monitorProcess>;
