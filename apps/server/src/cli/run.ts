import { ConfigError } from '../config';
import { AppError, StartupError } from '../lib/errors';

/** Runs a command body; expected failures print one clear line and exit 1, without a stack trace. */
export async function run(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (err) {
    if (
      err instanceof ConfigError ||
      err instanceof StartupError ||
      err instanceof AppError ||
      (err as Error).name === 'KeyFileError'
    ) {
      process.stderr.write(`dtwin: ${(err as Error).message}\n`);
    } else {
      process.stderr.write(`dtwin: ${(err as Error).stack ?? String(err)}\n`);
    }
    process.exit(1);
  }
}
