import { describe, expect, it } from 'vitest';
import { createHistogram } from './histogram';
import { createPublisherGroup, mergeRunResults } from './publisher-group';
import type { RunProgress } from './publisher.worker';
import type { WorkerHandle } from './worker-rpc';

/** A publisher process as the group sees it: calls are recorded, progress is pushed by the test. */
function fakeWorker(connectedIds: string[]) {
  const listeners: Array<(data: unknown) => void> = [];
  const calls: Array<{ method: string; args: unknown }> = [];
  const handle: WorkerHandle = {
    pid: 1,
    async call<T>(method: string, args?: unknown): Promise<T> {
      calls.push({ method, args });
      if (method === 'connect') return { connected: connectedIds.length, failed: 0, errors: [], ms: 1 } as T;
      return {} as T;
    },
    onProgress(listener) {
      listeners.push(listener);
      return () => listeners.splice(listeners.indexOf(listener), 1);
    },
    close: async () => {},
  };
  const progress = (p: Omit<RunProgress, 'puback'>, latencies: number[] = []) => {
    const h = createHistogram();
    latencies.forEach((l) => h.record(l));
    listeners.forEach((l) => l({ ...p, puback: h.toJSON() }));
  };
  return { handle, calls, progress };
}

describe('results of several publisher processes', () => {
  it('sums counts, keeps the widest time span and merges latencies', () => {
    const h1 = createHistogram();
    const h2 = createHistogram();
    h1.record(2);
    h2.record(8);
    const part = {
      sent: 10,
      acked: 9,
      failed: 1,
      throttled: 3,
      unacked: 0,
      unsent: 4,
      publishS: 5,
      drainS: 0.1,
      probes: { A: [{ ts: 1, sentAt: 1 }] },
    };
    const merged = mergeRunResults([
      { ...part, firstTs: 100, lastTs: 200, puback: h1.toJSON() },
      {
        ...part,
        publishS: 6,
        firstTs: 90,
        lastTs: 180,
        puback: h2.toJSON(),
        probes: { A: [{ ts: 2, sentAt: 2 }] },
      },
    ]);
    expect(merged).toMatchObject({
      sent: 20,
      acked: 18,
      failed: 2,
      throttled: 6,
      unsent: 8,
      publishS: 6,
      firstTs: 90,
      lastTs: 200,
    });
    expect(merged.puback.count).toBe(2);
    expect(merged.puback.summary().max_ms).toBe(8);
    expect(merged.probes.A).toHaveLength(2);
  });
});

describe('a group of publisher processes', () => {
  it('reports each interval once every process has, as counts of that interval alone', async () => {
    const a = fakeWorker([]);
    const b = fakeWorker([]);
    const group = createPublisherGroup([a.handle, b.handle]);
    const seen: Array<{
      interval: number;
      sent: number;
      acked: number;
      throttled: number;
      p99: number | null;
    }> = [];
    group.onInterval((p) =>
      seen.push({
        interval: p.interval,
        sent: p.sent,
        acked: p.acked,
        throttled: p.throttled,
        p99: p.puback.summary().max_ms,
      }),
    );
    a.progress({ interval: 0, sent: 100, acked: 90, failed: 0, throttled: 5 }, [3]);
    expect(seen).toEqual([]); // b has not reported interval 0 yet
    b.progress({ interval: 0, sent: 50, acked: 50, failed: 0, throttled: 0 }, [7]);
    a.progress({ interval: 1, sent: 250, acked: 240, failed: 0, throttled: 5 }, [2]);
    b.progress({ interval: 1, sent: 60, acked: 60, failed: 0, throttled: 20 }, [4]);
    expect(seen).toEqual([
      { interval: 0, sent: 150, acked: 140, throttled: 5, p99: 7 },
      { interval: 1, sent: 160, acked: 160, throttled: 20, p99: 4 },
    ]);
  });

  it('splits a new rate between the processes as their devices are split', async () => {
    const a = fakeWorker([]);
    const b = fakeWorker([]);
    const group = createPublisherGroup([a.handle, b.handle]);
    const devices = ['D1', 'D2', 'D3', 'D4'].map((id) => ({ id, token: 't' }));
    await group.connect('127.0.0.1', 1883, devices, 4);
    await group
      .run({
        mode: 'paced',
        messagesPerS: 100,
        durationS: 1,
        window: 1,
        metrics: ['m'],
        drainTimeoutS: 1,
        deviceIds: ['D1', 'D2', 'D3'],
      })
      .catch(() => undefined); // the fakes return no run result; only the split matters here
    await group.setRate(90);
    const rateOf = (w: ReturnType<typeof fakeWorker>) =>
      (w.calls.find((c) => c.method === 'setRate')!.args as { messagesPerS: number }).messagesPerS;
    // D1 and D3 went to the first process, D2 to the second.
    expect(rateOf(a)).toBeCloseTo(60);
    expect(rateOf(b)).toBeCloseTo(30);
  });
});
