import type { TestServer } from './server';

/** Registers a device through the API as an admin and returns its token. */
export async function registerDevice(
  server: TestServer,
  admin: string,
  body: { id: string; model: string; name?: string; location?: object },
) {
  const res = await server.inject({
    method: 'POST',
    url: '/api/devices',
    token: admin,
    payload: { name: body.id, ...body },
  });
  if (res.statusCode !== 201) throw new Error(`could not register ${body.id}: ${res.statusCode} ${res.body}`);
  return (res.json() as { token: string }).token;
}

export async function postTelemetry(server: TestServer, deviceId: string, token: string, payload: unknown) {
  return server.inject({
    method: 'POST',
    url: `/ingest/devices/${deviceId}/telemetry`,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

export async function history(
  server: TestServer,
  token: string,
  deviceId: string,
  metric: string,
  range: { from?: string; to?: string; step?: string } = {},
) {
  const query = new URLSearchParams({ metric, ...range });
  const res = await server.inject({
    method: 'GET',
    url: `/api/devices/${deviceId}/telemetry?${query}`,
    token,
  });
  if (res.statusCode !== 200) throw new Error(`history ${res.statusCode} ${res.body}`);
  return res.json() as {
    step: string;
    unit: string;
    points: Array<{ ts: string; value?: number; min?: number; max?: number; mean?: number; count?: number }>;
  };
}
