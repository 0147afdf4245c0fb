import { z } from 'zod';

/** An asset's id (its own file: devices refer to assets and assets roll devices up). */
export const assetIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1-64 letters, digits, _ . - (starting with a letter or digit)',
  );
