import crypto from 'node:crypto';
import type { Container } from './container';
import { holdLease } from './modules/connectors/connector-lease';
import { recurringJobsOf, scheduleRecurringJobs } from './jobs/recurring-jobs';
import { jobSpecs } from './modules/jobs/job-specs';
import { createScheduler } from './jobs/scheduler';
import { createCommandDispatcher, type CommandTransport } from './mqtt/command-dispatcher';
import { publishDesiredState, type DesiredPublisher } from './mqtt/desired-publisher';
import { startEmbeddedBroker, type EmbeddedBroker } from './mqtt/embedded-broker';
import { startSimulatedPlant } from './boot/simulated-fleet';
import { startSimulatedOpcuaPlant } from './boot/simulated-opcua';
import { startSimulatedProtocols } from './boot/simulated-protocols';

/**
 * Starts what a process does besides answering HTTP, by ROLES: `ingest` runs the MQTT side
 * (the embedded broker, or a shared subscription on MQTT_URL), `worker` the recurring tasks.
 */
export async function startRuntime(c: Container, options: { clientId: string }) {
  const { config, logger } = c;
  const scheduler = createScheduler({ logger });
  const closers: Array<() => Promise<unknown>> = [];
  let broker: DesiredPublisher | undefined;
  let onReachable: ((listener: (deviceId: string) => void) => void) | undefined;
  let commandTransport: (CommandTransport & { deliveredOnPublish: boolean }) | undefined;
  let mqttPort: number | undefined;
  let embeddedBroker: EmbeddedBroker | undefined;

  if (config.roles.has('ingest')) {
    // Before any reading arrives: the rollups a crashed ingest process still held in memory.
    const repaired = await c.telemetry.repairRollups();
    if (repaired > 0)
      logger.warn({ minutes: repaired }, 'rebuilt rollups lost in a crash from the raw readings');
  }

  if (config.mqttUrl) {
    // mqtt.js is loaded only by a server that uses an external broker.
    const { connectExternalBroker } = await import('./mqtt/external-client');
    const external = await connectExternalBroker(c, config.mqttUrl, {
      clientId: options.clientId,
      subscribe: config.roles.has('ingest'),
      sharedGroup: config.mqttSharedGroup,
    });
    closers.push(() => external.close());
    broker = external;
    // The external broker keeps a device's session: a command it takes for an online device is
    // the device's to receive. Offline devices get theirs once the twin sees them online again.
    commandTransport = {
      deliveredOnPublish: true,
      reachable: async (deviceId) =>
        (await c.devices.get(deviceId).catch(() => undefined))?.connectivity === 'online',
      publishCommand: (deviceId, commandId, message) => external.publishCommand(deviceId, commandId, message),
    };
    c.runtimeStatus.setBroker({
      mode: 'external',
      connected: () => external.connected,
      subscribed: () => external.subscribed,
      clients: () => null,
    });
  } else if (config.roles.has('ingest')) {
    const embedded = await startEmbeddedBroker(c, config.mqttPort, config.host, config.mqttLimits);
    let open = true;
    closers.push(async () => {
      open = false;
      await embedded.close();
    });
    broker = embedded;
    embeddedBroker = embedded;
    commandTransport = {
      deliveredOnPublish: true,
      reachable: embedded.reachable,
      publishCommand: embedded.publishCommand,
    };
    onReachable = embedded.onReachable;
    c.runtimeStatus.setBroker({ mode: 'embedded', connected: () => open, clients: () => embedded.clients });
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

  if (config.roles.has('ingest')) {
    scheduler.every('twin.flush', 1000, () => c.twin.flush());
    // Connectors read plant protocols into the same ingestion: one ingest process runs them, so
    // a cluster's (REDIS_URL) processes take turns through a lease; a single process just runs them.
    c.localBroker.attach(embeddedBroker);
    if (config.redisUrl) {
      const { connectRedisLeaseStore } = await import('./modules/connectors/redis-lease-store');
      const store = await connectRedisLeaseStore(
        config.redisUrl,
        `dtwin:${config.mqttSharedGroup}:connectors:lease`,
        logger,
      );
      const lease = await holdLease({
        store,
        token: `${options.clientId}-${crypto.randomUUID()}`,
        start: () => c.connectorRuntime.start(),
        stop: () => c.connectorRuntime.stop(),
        logger: logger.child({ module: 'connectors' }),
      });
      closers.push(async () => {
        await lease.close();
        await store.close();
      });
    } else {
      await c.connectorRuntime.start();
      closers.push(() => c.connectorRuntime.stop());
    }
  }

  if (commandTransport && (config.roles.has('ingest') || config.roles.has('worker'))) {
    const dispatcher = createCommandDispatcher({
      bus: c.bus,
      commands: c.commands,
      transport: commandTransport,
      deliveredOnPublish: commandTransport.deliveredOnPublish,
      logger,
    });
    closers.push(async () => dispatcher.stop());
    // The embedded broker says when a device subscribes to its commands; with an external broker
    // the sweep finds the devices that came online (within its period).
    onReachable?.(dispatcher.reachable);
    scheduler.every('commands.dispatch', 2000, () => dispatcher.sweep());
  }

  // The simulated plant: devices that connect to the embedded broker over TCP like real ones.
  if (mqttPort !== undefined && config.simulator.devices > 0) {
    const plant = await startSimulatedPlant(c, mqttPort);
    closers.push(() => plant.stop());
  }
  // …and machines behind a Modbus TCP server and a Sparkplug B edge node, read by connectors.
  if (mqttPort !== undefined && config.simulator.protocols) {
    const machines = await startSimulatedProtocols(c, mqttPort);
    closers.push(() => machines.stop());
  }
  // Its OPC UA machines: in the background, once node-opcua may load (after the HTTP server listens).
  if (config.roles.has('ingest') && config.simulator.protocols) {
    const opcua = startSimulatedOpcuaPlant(c).catch((err: unknown) => {
      logger.warn({ err }, 'the simulated OPC UA server did not start');
      return undefined;
    });
    closers.push(async () => {
      // The connectors first, so that the server's going away is not logged as a lost connection.
      await c.connectorRuntime.stop();
      await (await opcua)?.stop();
    });
  }
  // Counts of denied requests whose window has closed (the first of each window is already written).
  scheduler.every('audit.denied', 30_000, () => c.audit.flushDenied());

  if (config.roles.has('ingest') || config.roles.has('worker')) {
    // Where readings and connectivity are evaluated: alert durations that ran out without a new
    // reading, and rules changed by another process.
    scheduler.every('alerts.pending', 5000, () => c.alertEvaluation.checkPending());
    scheduler.every('alerts.rules', 30_000, () => c.alertRules.reload());
    // Assets whose computed metrics were held back by their minimum interval are evaluated now.
    scheduler.every('computed.evaluate', 1000, () => c.computedMetricEvaluator.tick());
    scheduler.every('computed.definitions', 30_000, () => c.computedMetrics.reload());
  }
  if (config.roles.has('worker')) {
    scheduler.every('alerts.maintain', 10_000, () => c.alerts.maintain());
    scheduler.every('commands.sweep', 1000, () => c.commands.sweep());
    scheduler.every('notifications.deliver', 5000, () => c.notifications.processDue());
    scheduler.every('twin.connectivity', 2000, () => c.twin.checkConnectivity());
    scheduler.every('tokens.prune', 3_600_000, () => c.tokens.pruneExpired());
    scheduler.every('computed.retention', 3_600_000, () => c.computedMetrics.applyRetention());
    // Analytics: each model's due work (debounced recomputation of devices with new data, sweeps,
    // upkeep), a bounded number of devices per run.
    for (const model of c.analytics)
      for (const due of model.due) scheduler.every(due.task, due.everyMs, due.run);
  }

  if (config.roles.has('worker')) {
    // Jobs (reports, retention, upkeep) come from the queue in the database; every worker
    // process takes its share, and recurring ones are queued once per period cluster-wide.
    c.jobRunner.start();
    closers.push(() => c.jobRunner.stop());
    const recurring = scheduleRecurringJobs({
      scheduler,
      queue: c.jobs,
      clock: c.clock,
      jobs: recurringJobsOf(jobSpecs),
    });
    await recurring
      .enqueueDue()
      .catch((err: unknown) => logger.warn({ err }, 'could not queue the recurring jobs'));
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
