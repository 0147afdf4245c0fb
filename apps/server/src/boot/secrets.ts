import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Config } from '../config';
import type { Logger } from '../lib/logger';

const fileSchema = z.object({ jwt_secret_key: z.string().min(32), secret_key: z.string().min(32) });

export interface Secrets {
  jwtSecret: string;
  secretKey: string;
}

/**
 * Secrets come from the environment. Outside production a missing one is generated once into
 * DATA_DIR (mode 0600) and reused, so tokens survive restarts; the value is never printed.
 */
export function resolveSecrets(config: Config, logger: Logger): Secrets {
  if (config.jwtSecret && config.secretKey)
    return { jwtSecret: config.jwtSecret, secretKey: config.secretKey };
  if (config.production) throw new Error('JWT_SECRET_KEY and SECRET_KEY are required in production');

  const file = path.join(config.dataDir, 'secrets.json');
  let stored: z.infer<typeof fileSchema>;
  if (fs.existsSync(file)) {
    stored = fileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } else {
    stored = {
      jwt_secret_key: crypto.randomBytes(32).toString('hex'),
      secret_key: crypto.randomBytes(32).toString('hex'),
    };
    fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
    logger.warn(
      { file },
      'generated development secrets (JWT_SECRET_KEY, SECRET_KEY); set them in the environment for production',
    );
  }
  return {
    jwtSecret: config.jwtSecret ?? stored.jwt_secret_key,
    secretKey: config.secretKey ?? stored.secret_key,
  };
}
