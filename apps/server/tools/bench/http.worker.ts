/**
 * HTTP load from its own process: `connections` keep-alive connections, each sending the next
 * request as soon as the previous answer is read (closed loop, like autocannon), over a list of
 * paths taken in turn.
 */
import http from 'node:http';
import { createHistogram, type HistogramData } from './histogram';
import { serveWorker } from './worker-rpc';

export interface LoadArgs {
  baseUrl: string;
  token: string;
  paths: string[];
  connections: number;
  durationS: number;
  /** Wait between a connection's requests (0: none). */
  pauseMs?: number;
}

export interface LoadResult {
  requests: number;
  ok: number;
  failed: number;
  statuses: Record<string, number>;
  bytes: number;
  elapsedS: number;
  latency: HistogramData;
  firstError: string | null;
}

function get(agent: http.Agent, url: URL, token: string): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', reject);
  });
}

async function load({ baseUrl, token, paths, connections, durationS, pauseMs = 0 }: LoadArgs) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latency = createHistogram();
  const statuses: Record<string, number> = {};
  let requests = 0;
  let ok = 0;
  let failed = 0;
  let bytes = 0;
  let firstError: string | null = null;
  let turn = 0;
  const started = performance.now();
  const endAt = started + durationS * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < endAt) {
        const url = new URL(paths[turn++ % paths.length]!, baseUrl);
        const began = performance.now();
        try {
          const res = await get(agent, url, token);
          latency.record(performance.now() - began);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          bytes += res.bytes;
          if (res.status >= 200 && res.status < 300) ok += 1;
          else {
            failed += 1;
            firstError ??= `HTTP ${res.status} for ${url.pathname}`;
          }
        } catch (err) {
          failed += 1;
          firstError ??= (err as Error).message;
        }
        requests += 1;
        if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }),
  );
  agent.destroy();
  return {
    requests,
    ok,
    failed,
    statuses,
    bytes,
    elapsedS: (performance.now() - started) / 1000,
    latency: latency.toJSON(),
    firstError,
  } satisfies LoadResult;
}

serveWorker({ load });
