import type { Container } from './container';
import { createScheduler } from './jobs/scheduler';
import { publishDesiredState, type DesiredPublisher } from './mqtt/desired-publisher';
import { startEmbeddedBroker } from './mqtt/embedded-broker';
import { connectExternalBroker } from './mqtt/external-client';
import { ensureSimulatedFleet } from './boot/simulated-fleet';
import { startFleet } from './simulator/fleet-runner';

/**
 * Starts what a process does besides answering HTTP, by ROLES: `ingest` runs the MQTT side
 * (the embedded broker, or a shared subscription on MQTT_URL), `worker` the recurring tasks.
 */
export async function startRuntime(c: Container, options: { clientId: string }) {
  const { config, logger } = c;
  const scheduler = createScheduler({ logger });
  const closers: Array<() => Promise<unknown>> = [];
  let broker: DesiredPublisher | undefined;
  let mqttPort: number | undefined;

  if (config.mqttUrl) {
    const external = await connectExternalBroker(c, config.mqttUrl, {
      clientId: options.clientId,
      subscribe: config.roles.has('ingest'),
    });
    closers.push(() => external.close());
    broker = external;
  } else if (config.roles.has('ingest')) {
    const embedded = await startEmbeddedBroker(c, config.mqttPort, config.host);
    closers.push(() => embedded.close());
    broker = embedded;
    mqttPort = embedded.port;
    logger.info({ port: embedded.port }, 'embedded MQTT broker listening');
  }
  if (broker) {
    const stopPublishing = await publishDesiredState({ bus: c.bus, twin: c.twin, broker, logger });
    closers.push(async () => stopPublishing());
  } else
    logger.warn(
      'no MQTT broker in this process: desired-state changes are stored but not delivered (set MQTT_URL)',
    );

  if (config.roles.has('ingest')) scheduler.every('twin.flush', 1000, () => c.twin.flush());

  // The simulated plant: devices that connect to the embedded broker over TCP like real ones.
  if (mqttPort !== undefined && config.simulator.devices > 0) {
    const devices = await ensureSimulatedFleet(c);
    const fleet = startFleet({
      brokerUrl: `mqtt://127.0.0.1:${mqttPort}`,
      devices,
      seed: config.simulator.seed,
      timeScale: config.simulator.timeScale,
      logger,
    });
    closers.push(() => fleet.stop());
    logger.info({ devices: devices.length, seed: config.simulator.seed }, 'simulated fleet started');
  }
  if (config.roles.has('worker')) {
    scheduler.every('twin.connectivity', 2000, () => c.twin.checkConnectivity());
    scheduler.every('telemetry.retention', 3_600_000, () => c.telemetry.applyRetention());
    scheduler.every('tokens.prune', 3_600_000, () => c.tokens.pruneExpired());
  }

  return {
    mqttPort,
    async stop(): Promise<void> {
      await scheduler.stop();
      for (const close of closers.reverse()) await close();
    },
  };
}

export type Runtime = Awaited<ReturnType<typeof startRuntime>>;
