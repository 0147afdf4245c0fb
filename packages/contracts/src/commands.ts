import { z } from 'zod';
import { deviceIdSchema } from './devices';
import { metricNameSchema } from './models';

/**
 * Commands to devices (issue 18 §3). Sent by `POST /api/devices/{id}/commands`, delivered on MQTT
 * `devices/{id}/commands/{commandId}` (QoS 1) or by HTTP polling `GET /ingest/devices/{id}/commands`,
 * answered on `devices/{id}/commands/{commandId}/response` or
 * `POST /ingest/devices/{id}/commands/{commandId}/response`.
 */

export const commandStatuses = [
  'pending',
  'delivered',
  'succeeded',
  'failed',
  'timed_out',
  'expired',
] as const;
export type CommandStatus = (typeof commandStatuses)[number];
/** Statuses a command never leaves. */
export const finishedCommandStatuses: readonly CommandStatus[] = [
  'succeeded',
  'failed',
  'timed_out',
  'expired',
];

/** Bounds (the server refuses anything beyond them). */
export const COMMAND_PARAMS_MAX_BYTES = 4096;
export const COMMAND_RESPONSE_MAX_BYTES = 16 * 1024;
export const COMMAND_MESSAGE_MAX = 500;
export const COMMAND_TIMEOUT_S = { min: 1, max: 3600, default: 30 } as const;
export const COMMAND_EXPIRES_IN_S = { min: 10, max: 7 * 86_400, default: 3600 } as const;
/** Commands not yet finished (pending or delivered) one device may have at once. */
export const MAX_OPEN_COMMANDS_PER_DEVICE = 20;

export const commandIdSchema = z.uuid();

/** A flat object of parameter values; each is checked against the model's definition. */
export const commandParamsSchema = z.record(
  metricNameSchema,
  z.union([z.number(), z.boolean(), z.string().max(256)]),
);
export type CommandParams = z.infer<typeof commandParamsSchema>;

export const sendCommandBodySchema = z
  .object({
    name: metricNameSchema,
    params: commandParamsSchema.optional(),
    /** How long the device has to answer once the command is delivered. */
    timeout_s: z.number().int().min(COMMAND_TIMEOUT_S.min).max(COMMAND_TIMEOUT_S.max).optional(),
    /** How long an undelivered command waits for its device (offline) before it expires. */
    expires_in_s: z.number().int().min(COMMAND_EXPIRES_IN_S.min).max(COMMAND_EXPIRES_IN_S.max).optional(),
  })
  .strict();
export type SendCommandBody = z.infer<typeof sendCommandBodySchema>;

export const commandSchema = z.object({
  id: commandIdSchema,
  device_id: z.string(),
  name: z.string(),
  params: commandParamsSchema,
  status: z.enum(commandStatuses),
  timeout_s: z.number().int(),
  created_by: z.string().nullable(),
  created_at: z.iso.datetime(),
  expires_at: z.iso.datetime(),
  delivered_at: z.iso.datetime().nullable(),
  completed_at: z.iso.datetime().nullable(),
  /** What the device answered (`result` of its response), when it did. */
  result: z.unknown().nullable(),
  /** The device's message, or why the server gave up. */
  message: z.string().nullable(),
});
export type Command = z.infer<typeof commandSchema>;

export const sendCommandResponseSchema = z.object({
  id: commandIdSchema,
  status: z.literal('pending'),
  command: commandSchema,
});

export const commandIdParamsSchema = z.object({ commandId: commandIdSchema });
export const deviceCommandParamsSchema = z.object({ id: deviceIdSchema, commandId: commandIdSchema });

export const commandListQuerySchema = z.object({
  status: z.enum(commandStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type CommandListQuery = z.infer<typeof commandListQuerySchema>;
/** Newest first. */
export const commandListSchema = z.object({ items: z.array(commandSchema) });
export const commandResponseSchema = z.object({ command: commandSchema });

/** What the device receives (MQTT payload, or one item of an HTTP poll with its id). */
export const commandMessageSchema = z.object({ name: z.string(), params: commandParamsSchema });
export type CommandMessage = z.infer<typeof commandMessageSchema>;

export const polledCommandSchema = commandMessageSchema.extend({
  id: commandIdSchema,
  timeout_s: z.number().int(),
  expires_at: z.iso.datetime(),
});
export const polledCommandsSchema = z.object({ items: z.array(polledCommandSchema) });

/** The device's answer (MQTT `…/response` payload or the HTTP response body). */
export const deviceCommandResponseSchema = z
  .object({
    status: z.enum(['ok', 'error']),
    result: z.unknown().optional(),
    message: z.string().max(COMMAND_MESSAGE_MAX).optional(),
  })
  .strict();
export type DeviceCommandResponse = z.infer<typeof deviceCommandResponseSchema>;

export const commandAnswerResultSchema = z.object({
  id: commandIdSchema,
  status: z.enum(commandStatuses),
});

/** `command` socket event (to `device:<id>`): a command was sent or changed status. */
export const commandEventSchema = z.object({
  change: z.enum(['created', 'updated']),
  command: commandSchema,
});
export type CommandEvent = z.infer<typeof commandEventSchema>;

/** MQTT topics of commands. A command id is a UUID, so it holds no MQTT separator or wildcard. */
export const commandTopic = (deviceId: string, commandId: string) =>
  `devices/${deviceId}/commands/${commandId}`;
export const commandResponseTopic = (deviceId: string, commandId: string) =>
  `${commandTopic(deviceId, commandId)}/response`;
/** What a device subscribes to for its commands. */
export const commandSubscription = (deviceId: string) => `devices/${deviceId}/commands/+`;
/** The shared pattern an external-broker client subscribes to for every response. */
export const commandResponsePattern = 'devices/+/commands/+/response';

const RESPONSE_TOPIC = /^devices\/([^/#+]+)\/commands\/([0-9a-f-]{36})\/response$/;
const COMMAND_TOPIC = /^devices\/([^/#+]+)\/commands\/([0-9a-f-]{36})$/;

export function parseCommandResponseTopic(
  topic: string,
): { deviceId: string; commandId: string } | undefined {
  const m = RESPONSE_TOPIC.exec(topic);
  return m ? { deviceId: m[1]!, commandId: m[2]! } : undefined;
}

export function parseCommandTopic(topic: string): { deviceId: string; commandId: string } | undefined {
  const m = COMMAND_TOPIC.exec(topic);
  return m ? { deviceId: m[1]!, commandId: m[2]! } : undefined;
}
