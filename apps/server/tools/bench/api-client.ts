import type { DeviceCredentials } from './publisher.worker';

/** The few HTTP calls the bench makes itself: sign in, register devices, read /metrics. */

export async function login(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export interface Registration {
  devices: DeviceCredentials[];
  seconds: number;
  perS: number;
}

/**
 * Registers devices through POST /api/devices (there is no bulk endpoint), `concurrency`
 * requests at a time; each answer carries the device's token, shown only then.
 */
export async function registerDevices(
  baseUrl: string,
  token: string,
  ids: string[],
  { model, concurrency }: { model: string; concurrency: number },
): Promise<Registration> {
  const started = performance.now();
  const devices: DeviceCredentials[] = new Array<DeviceCredentials>(ids.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, ids.length) }, async () => {
      while (next < ids.length) {
        const i = next++;
        const id = ids[i]!;
        const res = await fetch(`${baseUrl}/api/devices`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            id,
            name: `Bench ${id}`,
            model,
            location: { site: 'Bench', zone: `Zone ${i % 20}` },
          }),
        });
        if (res.status !== 201)
          throw new Error(`could not register ${id}: ${res.status} ${await res.text()}`);
        devices[i] = { id, token: ((await res.json()) as { token: string }).token };
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { devices, seconds, perS: ids.length / seconds };
}

/** Sums of the Prometheus series the bench reports (all label sets added up). */
export async function scrapeMetrics(baseUrl: string): Promise<Record<string, number>> {
  const res = await fetch(`${baseUrl}/metrics`);
  if (!res.ok) return {};
  return parsePrometheusSums(await res.text());
}

export async function scrapeMetricsText(baseUrl: string): Promise<string> {
  const res = await fetch(`${baseUrl}/metrics`);
  return res.ok ? res.text() : '';
}

/** One series' value, named with its labels as /metrics prints them (`name{label="v"}`); null if absent. */
export function sampleOf(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? null : Number(line.slice(series.length + 1));
}

export function parsePrometheusSums(text: string): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const value = Number(match[2]);
    if (Number.isFinite(value)) sums[match[1]!] = (sums[match[1]!] ?? 0) + value;
  }
  return sums;
}

export const deviceIds = (prefix: string, count: number, from = 0) =>
  Array.from({ length: count }, (_, i) => `${prefix}${String(from + i).padStart(5, '0')}`);
