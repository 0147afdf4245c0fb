import type { E2eFigures } from '../bench-results';
import type { SocketsConnectArgs } from '../sockets.worker';
import type { WorkerHandle } from '../worker-rpc';
import type { BenchContext, LiveServer } from './context';
import { measureDelivery } from './e2e.scenario';

/**
 * Latency at low load: every device of the fleet reports once a second (1,000 devices: 1,000
 * msg/s, a fraction of what the server sustains), a few of them watched by a socket each, as a
 * browser on a device page. Reported: PUBACK and publish → socket event p50/p99, which at this
 * load are the pipeline's own latency, not a queue's.
 */
export async function runLatency(
  { params, log, pool }: BenchContext,
  live: LiveServer,
): Promise<E2eFigures & { devices: number; per_device_messages_per_s: number }> {
  const { watched, durationS, perDeviceMessagesPerS } = params.latency;
  const probes = live.devices.slice(0, watched).map((d) => d.id);
  const [sockets] = (await pool.get('sockets', 1)) as [WorkerHandle];
  try {
    const connect = await sockets.call<{ connected: number; failed: number; errors: string[] }>('connect', {
      url: live.server.baseUrl,
      token: live.token,
      count: probes.length,
      rooms: probes.map((id) => `device:${id}`),
      concurrency: probes.length,
    } satisfies SocketsConnectArgs);
    if (connect.failed > 0) throw new Error(`latency: sockets could not subscribe: ${connect.errors[0]}`);
    const offered = Math.round(live.devices.length * perDeviceMessagesPerS);
    const figures = await measureDelivery(
      { params, log },
      live,
      sockets,
      probes,
      offered,
      durationS,
      'latency',
    );
    return { ...figures, devices: live.devices.length, per_device_messages_per_s: perDeviceMessagesPerS };
  } finally {
    await sockets.call('close').catch(() => undefined);
  }
}
