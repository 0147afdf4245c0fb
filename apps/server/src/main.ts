import type { Config } from './config';
import { createContainer } from './container';
import { buildApp } from './http/app';
import { systemClock } from './lib/clock';
import { createLogger } from './lib/logger';

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

  const app = await buildApp({
    config,
    logger,
    auth: container.auth,
    users: container.users,
    audit: container.audit,
  });
  const pruneTimer = setInterval(
    () => void container.tokens.pruneExpired().catch((err) => logger.warn({ err }, 'token prune failed')),
    3_600_000,
  );
  pruneTimer.unref();

  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    { port, ready_ms: Math.round(performance.now() - startedAt) },
    `Digital Twin is ready on http://localhost:${port}`,
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    clearInterval(pruneTimer);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await app.close();
    await container.close();
    logger.flush();
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return { app, container, port, stop };
}
