import { deviceIds, login, registerDevices, scrapeMetrics } from '../api-client';
import type { FootprintFigures } from '../bench-results';
import { percentileOf, round } from '../histogram';
import { createPublisherGroup } from '../publisher-group';
import { embeddedBrokerPort, startServer } from '../server-process';
import { sleep, type BenchContext } from './context';

/**
 * Memory and start-up on a server of its own, fresh: ready from spawn to /healthz answering 200;
 * resident memory idle, then with the low and the high number of devices connected, and while
 * they all report (sustained ingest at the same total rate for both counts: memory is read during
 * the run, not at rest after it). Bytes on disk per reading come from the ingest server.
 */
export async function runFootprint({
  params,
  log,
  pool,
  serverNodeArgs,
}: BenchContext): Promise<FootprintFigures> {
  const { devicesLow, devicesHigh, settleS, connectConcurrency } = params.footprint;
  const server = await startServer({ nodeArgs: serverNodeArgs });
  const publishers = createPublisherGroup(await pool.get('publisher', params.publisherProcesses));
  try {
    log(
      `footprint: /healthz answered 200 ${Math.round(server.healthzMs)} ms after spawn (the server logged ready_ms ${server.readyMs})`,
    );
    await sleep(settleS * 1000);
    const rssIdle = server.monitor.rssMb();

    const token = await login(server.baseUrl, server.admin.username, server.admin.password);
    const registration = await registerDevices(server.baseUrl, token, deviceIds('FOOT', devicesHigh), {
      model: params.model,
      concurrency: params.registrationConcurrency,
    });
    log(`footprint: registered ${devicesHigh} devices in ${registration.seconds.toFixed(1)} s`);
    await sleep(settleS * 1000);
    const rssRegistered = server.monitor.rssMb();

    const measureAt = async (devices: number, what: string) => {
      await sleep(settleS * 1000);
      const metrics = await scrapeMetrics(server.baseUrl);
      const rss = server.monitor.rssMb();
      log(
        `footprint: ${devices} devices ${what} (broker counts ${metrics.dtwin_mqtt_clients}): ${rss?.toFixed(0)} MB`,
      );
      return { rss, brokerClients: metrics.dtwin_mqtt_clients ?? null };
    };

    // Median of the second half of the samples taken while the devices report: the level it holds.
    const duringIngest = async (devices: number) => {
      const window = server.monitor.mark();
      const run = await publishers.run({
        mode: 'paced',
        messagesPerS: params.footprint.ingestMessagesPerS,
        durationS: params.footprint.ingestS,
        window: params.window,
        metrics: params.metrics,
        drainTimeoutS: 30,
      });
      const { rssSeriesMb, maxRssMb } = window();
      const held = percentileOf(rssSeriesMb.slice(Math.floor(rssSeriesMb.length / 2)), 50);
      log(
        `footprint: ${devices} devices reporting (${run.acked} messages acknowledged in ${params.footprint.ingestS} s): ${held?.toFixed(0)} MB, at most ${maxRssMb?.toFixed(0)} MB`,
      );
      return { rss: held, max: maxRssMb, acked: run.acked, failed: run.failed };
    };

    const low = registration.devices.slice(0, devicesLow);
    const lowConnect = await publishers.connect(
      '127.0.0.1',
      embeddedBrokerPort(server),
      low,
      connectConcurrency,
    );
    const lowConnected = await measureAt(lowConnect.connected, 'connected');
    const atLow = await duringIngest(lowConnect.connected);

    const rest = registration.devices.slice(devicesLow);
    const highConnect = await publishers.connect(
      '127.0.0.1',
      embeddedBrokerPort(server),
      rest,
      connectConcurrency,
    );
    const connected = lowConnect.connected + highConnect.connected;
    const highConnected = await measureAt(connected, 'connected');
    const atHigh = await duringIngest(connected);
    const atRest = await measureAt(connected, 'connected, after reporting');
    const failedConnects = lowConnect.failed + highConnect.failed;
    if (failedConnects > 0)
      log(
        `footprint: ${failedConnects} connections failed: ${highConnect.errors[0] ?? lowConnect.errors[0]}`,
      );

    const added = connected - lowConnect.connected;
    const kbPerDevice = (from: number | null, to: number | null) =>
      from !== null && to !== null && added > 0 ? ((to - from) * 1024) / added : null;
    const perDeviceKb = kbPerDevice(atLow.rss, atHigh.rss);
    return {
      rss_idle_mb: round(rssIdle, 1),
      rss_per_device_kb: round(perDeviceKb, 2),
      disk_bytes_per_reading: null, // filled in from the ingest server
      ready_ms: Math.round(server.healthzMs),
      server_logged_ready_ms: server.readyMs,
      ready_line_ms: Math.round(server.wallReadyMs),
      ingest_messages_per_s: params.footprint.ingestMessagesPerS,
      rss_high_devices_max_mb: round(atHigh.max, 1),
      rss_high_devices_at_rest_mb: round(atRest.rss, 1),
      rss_per_device_from_idle_kb: round(
        atHigh.rss !== null && rssIdle !== null && connected > 0
          ? ((atHigh.rss - rssIdle) * 1024) / connected
          : null,
        2,
      ),
      rss_registered_mb: round(rssRegistered, 1),
      rss_low_connected_mb: round(lowConnected.rss, 1),
      rss_high_connected_mb: round(highConnected.rss, 1),
      rss_per_connection_kb: round(kbPerDevice(atLow.rss, highConnected.rss), 2),
      rss_per_reporting_state_kb: round(kbPerDevice(highConnected.rss, atRest.rss), 2),
      // The target is set at 1,000 devices: the low point of the full run, the high one of the quick run.
      rss_1000_devices_mb: round(
        devicesLow === 1000 ? atLow.rss : devicesHigh === 1000 ? atHigh.rss : null,
        1,
      ),
      rss_low_devices_mb: round(atLow.rss, 1),
      rss_high_devices_mb: round(atHigh.rss, 1),
      devices_low: lowConnect.connected,
      devices_high: connected,
      broker_clients_at_high: atRest.brokerClients,
      connect_failures: failedConnects,
      report_failures: atLow.failed + atHigh.failed,
      registration_per_s: Math.round(registration.perS),
      registration_concurrency: params.registrationConcurrency,
      server_problems: server.problems(),
    };
  } finally {
    await publishers.close();
    await server.stop();
    server.removeData();
  }
}
