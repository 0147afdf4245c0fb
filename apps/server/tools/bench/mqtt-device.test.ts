import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { sampleOf } from './api-client';
import { connectDevice, type DeviceConnection } from './mqtt-device';

describe('a QoS 0 publisher that nothing holds back', () => {
  const sockets: net.Socket[] = [];
  let server: net.Server | undefined;
  let device: DeviceConnection | undefined;
  afterEach(async () => {
    device?.close().catch(() => undefined);
    sockets.forEach((s) => s.destroy());
    await new Promise((resolve) => server?.close(resolve));
  });

  it('drops and counts what its connection cannot hand to a server that stopped reading', async () => {
    // A broker that accepts the CONNECT, then never reads again.
    server = net.createServer((socket) => {
      sockets.push(socket);
      socket.once('data', () => {
        socket.write(Buffer.from([0x20, 2, 0, 0])); // CONNACK, accepted
        socket.pause();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    device = await connectDevice({
      host: '127.0.0.1',
      port,
      id: 'PUMP_1',
      username: 'PUMP_1',
      password: 't',
    });

    const payload = Buffer.alloc(1000, 'x');
    const maxUnsentBytes = 64 * 1024;
    let written = 0;
    let dropped = 0;
    for (let round = 0; round < 200 && dropped === 0; round += 1) {
      for (let i = 0; i < 100; i += 1) {
        if (device.publishQos0(payload, maxUnsentBytes)) written += 1;
        else dropped += 1;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    // The kernel's buffers take some, then the connection's own bound stops the rest.
    expect(written).toBeGreaterThan(0);
    expect(dropped).toBeGreaterThan(0);
    expect(device.inflight).toBe(0); // QoS 0: nothing awaits an acknowledgement
  });
});

describe('one series from /metrics', () => {
  it('is read by its name and labels, or is null when absent', () => {
    const text = [
      '# TYPE dtwin_ingest_rejected_total counter',
      'dtwin_ingest_rejected_total{reason="overloaded"} 12',
      'dtwin_ingest_rejected_total{reason="malformed_json"} 3',
      'dtwin_ingest_messages_total 40',
    ].join('\n');
    expect(sampleOf(text, 'dtwin_ingest_rejected_total{reason="overloaded"}')).toBe(12);
    expect(sampleOf(text, 'dtwin_ingest_messages_total')).toBe(40);
    expect(sampleOf(text, 'dtwin_ingest_shed_total')).toBeNull();
  });
});
