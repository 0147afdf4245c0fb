import { readConfig } from '../config';
import { createContainer, type Container } from '../container';
import { systemClock } from '../lib/clock';
import { createLogger } from '../lib/logger';

/** Builds the same container as the server (same environment, same database) for one command. */
export async function withContainer<T>(body: (container: Container) => Promise<T>): Promise<T> {
  const config = readConfig();
  const logger = createLogger({ level: 'warn', toStderr: true });
  const container = await createContainer({ config, logger, clock: systemClock });
  try {
    return await body(container);
  } finally {
    await container.close();
  }
}

/** The audit actor for something done at the server's console. */
export const consoleActor = { username: 'console', ip: null };
