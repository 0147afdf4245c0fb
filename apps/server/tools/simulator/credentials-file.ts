import fs from 'node:fs';
import { deviceIdSchema } from '@dtwin/contracts/devices';
import { z } from 'zod';
import { AppError } from '../../src/lib/errors';
import type { FleetDevice } from './fleet-runner';

/**
 * The file the server writes for its built-in fleet and `dtwin simulate --credentials` reads:
 * which devices to play and the token each connects with. It holds secrets: write it with mode 0600.
 */
export const fleetCredentialsSchema = z.object({
  devices: z.array(
    z.object({
      id: deviceIdSchema,
      model: z.string().min(1).max(64),
      token: z.string().min(1).max(512).optional(),
    }),
  ),
});
export type FleetCredentials = z.infer<typeof fleetCredentialsSchema>;

export function readFleetCredentials(file: string): FleetDevice[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new AppError(
      'validation_failed',
      `cannot read the credentials file ${file}: ${(err as Error).message}`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new AppError('validation_failed', `the credentials file ${file} is not valid JSON`);
  }
  const parsed = fleetCredentialsSchema.safeParse(json);
  if (!parsed.success) {
    const reason = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new AppError('validation_failed', `the credentials file ${file} is malformed (${reason})`);
  }
  return parsed.data.devices;
}
