import os from 'node:os';
import type { Config } from './config';
import { createContainer } from './container';
import { buildApp } from './http/app';
import { systemClock } from './lib/clock';
import { createLogger } from './lib/logger';
import { startRuntime } from './runtime';

/** Config → container → roles → graceful shutdown. Resolves once the server is listening. */
export async function startServer(config: Config) {
  const startedAt = performance.now();
  const logger = createLogger({ level: config.logLevel });
  const container = await createContainer({ config, logger, clock: systemClock });

  const admin = await container.bootstrapAdmin();
  if (admin?.generatedPassword) {
    // Printed once to the console on purpose (never to the log): the operator needs it to sign in.
    process.stdout.write(
      `\n  First start: created the admin user '${admin.username}' with password: ${admin.generatedPassword}\n` +
        `  Sign in and change it (or set ADMIN_USERNAME / ADMIN_PASSWORD before the first start).\n\n`,
    );
  }

  const runtime = await startRuntime(container, { clientId: `dtwin-${os.hostname()}-${config.port}` });
  const app = await buildApp(container);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, mqtt_port: runtime.mqttPort, ready_ms: Math.round(performance.now() - startedAt) },
    `Digital Twin is ready on http://localhost:${port}`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      await app.close();
      await runtime.stop();
      await container.close();
      logger.flush();
    })());
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { app, container, runtime, port, stop };
}
