import fs from 'node:fs';
import path from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { createLogger } from '../lib/logger';
import { readFleetCredentials } from '../../tools/simulator/credentials-file';
import { planFleet } from '../../tools/simulator/fleet-plan';
import type { FleetDevice } from '../../tools/simulator/fleet-runner';
import { createMaintenanceLogClient } from '../../tools/simulator/maintenance-log-client';
import { run } from './run';

const integer = (min: number, max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new InvalidArgumentError(`must be an integer from ${min} to ${max}`);
  return n;
};

const positive = (max: number) => (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max)
    throw new InvalidArgumentError(`must be a number above 0 and at most ${max}`);
  return n;
};

const brokerUrl = (value: string) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError('must be a URL such as mqtt://localhost:1883');
  }
  if (!['mqtt:', 'mqtts:', 'tcp:', 'ssl:', 'ws:', 'wss:'].includes(url.protocol)) {
    throw new InvalidArgumentError('must be an mqtt://, mqtts://, ws:// or wss:// URL');
  }
  return value;
};

interface SimulateOptions {
  devices?: number;
  broker: string;
  credentials?: string;
  seed: number;
  timeScale: number;
  outages: boolean;
  utcOffset: number;
  logLevel: string;
  printPlan?: boolean;
  speedup: number;
  apiUrl?: string;
  apiTokenFile?: string;
}

export function registerSimulateCommand(program: Command) {
  program
    .command('simulate')
    .description(
      'run the device simulator: every device connects to an MQTT broker on its own and publishes telemetry like a real one',
    )
    .option(
      '--devices <n>',
      'how many devices (default 25; with --credentials, the first n of the file)',
      integer(1, 100_000),
    )
    .option('--broker <url>', 'the MQTT broker', brokerUrl, 'mqtt://localhost:1883')
    .option(
      '--credentials <file>',
      'JSON {"devices": [{"id", "model", "token"}]} as the server writes it; without it devices come from the seeded fleet plan and connect with no password',
    )
    .option('--seed <n>', 'seed for the fleet plan, physics and failures', integer(0, 2 ** 32 - 1), 1)
    .option(
      '--time-scale <x>',
      'speed up degradation: 60 turns a 5-hour failure into 5 minutes',
      positive(10_000),
      1,
    )
    .option('--no-outages', 'keep every device connected (no simulated silent periods)')
    .option(
      '--utc-offset <minutes>',
      "the plant's local time for shifts and daily cycles (default: this machine's)",
      integer(-14 * 60, 14 * 60),
      -new Date().getTimezoneOffset(),
    )
    .addOption(
      new Option('--log-level <level>', 'log level')
        .choices(['error', 'warn', 'info', 'debug'])
        .default('info'),
    )
    .option(
      '--api-url <url>',
      "the server's HTTP address: failures and repairs of the simulated machines are recorded in their maintenance log there (needs --api-token-file)",
    )
    .option('--api-token-file <file>', "a file holding an operator's access token for --api-url")
    .option(
      '--print-plan',
      'print the seeded fleet plan as JSON (to register the devices elsewhere) and exit',
    )
    // For tests: divides every wait (publish interval, stagger, backoff) so a run takes milliseconds.
    .addOption(new Option('--speedup <x>').argParser(positive(1000)).default(1).hideHelp())
    .action((options: SimulateOptions) =>
      run(async () => {
        if (options.printPlan) {
          process.stdout.write(
            `${JSON.stringify(planFleet(options.devices ?? 25, options.seed), null, 2)}\n`,
          );
          return;
        }
        const devices: FleetDevice[] = options.credentials
          ? readFleetCredentials(path.resolve(options.credentials)).slice(0, options.devices)
          : planFleet(options.devices ?? 25, options.seed).map(({ id, model }) => ({ id, model }));

        const logger = createLogger({ level: options.logLevel });
        if ((options.apiUrl === undefined) !== (options.apiTokenFile === undefined))
          throw new Error('--api-url and --api-token-file go together');
        const maintenanceLog =
          options.apiUrl && options.apiTokenFile
            ? createMaintenanceLogClient({
                apiUrl: options.apiUrl,
                token: fs.readFileSync(path.resolve(options.apiTokenFile), 'utf8').trim(),
                logger,
              })
            : null;
        // Loaded here: every other command (`start` above all) does without mqtt.js.
        const { startFleet } = await import('../../tools/simulator/fleet-runner');
        const fleet = startFleet({
          ...(maintenanceLog ? { onLifecycle: maintenanceLog.record } : {}),
          brokerUrl: options.broker,
          devices,
          seed: options.seed,
          timeScale: options.timeScale,
          outages: options.outages,
          utcOffsetMinutes: options.utcOffset,
          logger,
          speedup: options.speedup,
        });
        const report = setInterval(() => logger.info(fleet.stats(), 'simulated fleet'), 60_000);

        const signal = await new Promise<string>((resolve) => {
          process.once('SIGINT', () => resolve('SIGINT'));
          process.once('SIGTERM', () => resolve('SIGTERM'));
        });
        clearInterval(report);
        logger.info({ signal }, 'stopping the simulated fleet');
        await fleet.stop();
        await maintenanceLog?.flush();
        logger.info(fleet.stats(), 'simulated fleet stopped');
        logger.flush();
      }),
    );
}
