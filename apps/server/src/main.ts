import os from 'node:os';
import { secureDataDir } from './boot/data-dir';
import type { Config } from './config';
import { initialAdminBanner, initialAdminPasswordFile } from './boot/initial-admin-password';
import { createContainer } from './container';
import { buildApp } from './http/app';
import { systemClock } from './lib/clock';
import { createLogger } from './lib/logger';
import { startRealtimeServer } from './realtime/socket-server';
import { startRuntime } from './runtime';

/** Config → container → roles → graceful shutdown. Resolves once the server is listening. */
export async function startServer(config: Config) {
  const startedAt = performance.now();
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat ?? (config.env === 'development' && process.stdout.isTTY ? 'pretty' : 'json'),
  });
  secureDataDir(config.dataDir, logger);
  const container = await createContainer({ config, logger, clock: systemClock });
  // Marked as running on this database, so `dtwin rotate-key` refuses to run beside it.
  const presence = await container.presence.start();
  // A start that fails (a port taken) leaves no mark behind to hold off rotate-key.
  const unmarkingOnFailure = <T>(step: Promise<T>) =>
    step.catch(async (err: unknown) => {
      await presence.stop().catch(() => undefined);
      throw err;
    });

  const admin = await container.bootstrapAdmin();
  const initialAdmin = initialAdminPasswordFile(config.dataDir);
  // Printed to the console on purpose (never to the log): the operator needs it to sign in. It
  // stays in DATA_DIR and is printed again at every start until that admin changes it.
  if (admin?.generatedPassword) {
    const generated = { username: admin.username, password: admin.generatedPassword };
    initialAdmin.save(generated);
    process.stdout.write(initialAdminBanner(generated, initialAdmin.file, false));
  } else {
    const kept = initialAdmin.read();
    if (kept) process.stdout.write(initialAdminBanner(kept, initialAdmin.file, true));
  }

  // One MQTT session per server: with PORT=0 (tests) several processes on one host share a port
  // number, so the pid keeps their persistent sessions apart.
  const clientId = `dtwin-${os.hostname()}-${config.port === 0 ? `0-${process.pid}` : config.port}`;
  const runtime = await unmarkingOnFailure(startRuntime(container, { clientId }));
  const app = await buildApp(container);
  // Sockets belong to the API role, like the REST API they mirror. An ingest process of a cluster
  // (REDIS_URL) publishes its pushes through Redis to the API processes, which hold the sockets.
  const realtime = config.roles.has('api')
    ? await startRealtimeServer(container, app.server)
    : config.roles.has('ingest') && config.redisUrl
      ? await startRealtimeServer(container, undefined)
      : undefined;
  if (realtime && config.roles.has('api'))
    container.metrics.setSources({
      socketClients: () => realtime.io.engine.clientsCount,
      socketSlowDisconnects: () => realtime.slowDisconnects,
    });
  await unmarkingOnFailure(app.listen({ host: config.host, port: config.port }));
  // Heavy protocol libraries (node-opcua) may load now, without delaying the start.
  container.opcuaLoader.allow();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    {
      port,
      mqtt_port: runtime.mqttPort,
      mqtt_client_id: config.mqttUrl ? clientId : undefined,
      ready_ms: Math.round(performance.now() - startedAt),
    },
    `Digital Twin is ready on http://localhost:${port}`,
  );

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) =>
    (stopping ??= (async () => {
      logger.info({ signal }, 'shutting down');
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      // Each part is closed even if another fails (a full disk, a lost database): what could not
      // be written is rebuilt at the next start, as after a crash, so the exit stays clean.
      for (const [part, close] of [
        ['realtime', () => realtime?.close()],
        ['http', () => app.close()],
        ['runtime', () => runtime.stop()],
        ['presence', () => presence.stop()],
        ['container', () => container.close()],
      ] as const) {
        try {
          await close();
        } catch (err) {
          logger.error({ err, part }, 'could not close cleanly; continuing the shutdown');
        }
      }
      logger.flush();
    })());
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { app, container, runtime, realtime, port, stop };
}
