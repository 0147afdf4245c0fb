import {
  COMMAND_EXPIRES_IN_S,
  COMMAND_PARAMS_MAX_BYTES,
  COMMAND_RESPONSE_MAX_BYTES,
  COMMAND_TIMEOUT_S,
  MAX_OPEN_COMMANDS_PER_DEVICE,
  deviceCommandResponseSchema,
  type Command,
  type CommandListQuery,
  type CommandParams,
  type CommandStatus,
  type SendCommandBody,
} from '@dtwin/contracts/commands';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { Actor } from '../users/users.service';
import { checkCommandParams } from './command-params';
import type { CommandRow, CommandsRepository } from './commands.repository';

/** Commands handed to a device in one poll, or republished to it in one go. */
const MAX_BATCH = MAX_OPEN_COMMANDS_PER_DEVICE;
/** Overdue commands closed per sweep (the next sweep takes the rest). */
const SWEEP_BATCH = 500;
/** Finished commands are kept this long (the audit log keeps who sent what), then deleted hourly. */
export const COMMAND_RETENTION_MS = 90 * 86_400_000;
const PRUNE_EVERY_MS = 3_600_000;

interface Deps {
  commands: CommandsRepository;
  devices: Pick<DevicesService, 'get'>;
  models: Pick<ModelsService, 'find'>;
  /** The connector (OPC UA, Modbus TCP, Sparkplug B) that reads a device: it carries no commands. */
  connectorOf: (deviceId: string) => Promise<{ id: string; type: string } | undefined>;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
  newId: () => string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const toCommand = (row: CommandRow): Command => ({
  id: row.id,
  device_id: row.device_id,
  name: row.name,
  params: JSON.parse(row.params) as CommandParams,
  status: row.status as CommandStatus,
  timeout_s: Number(row.timeout_s),
  created_by: row.created_by,
  created_at: new Date(Number(row.created_at)).toISOString(),
  expires_at: new Date(Number(row.expires_at)).toISOString(),
  delivered_at: iso(row.delivered_at === null ? null : Number(row.delivered_at)),
  completed_at: iso(row.completed_at === null ? null : Number(row.completed_at)),
  result: row.result === null ? null : (JSON.parse(row.result) as unknown),
  message: row.message,
});

/** What the device is told about a command (MQTT payload, HTTP poll item). */
export const toMessage = (row: Pick<CommandRow, 'name' | 'params'>) => ({
  name: row.name,
  params: JSON.parse(row.params) as CommandParams,
});

/** Why a device's answer was not taken (the caller counts or logs it; HTTP answers 400/404/409). */
export type AnswerOutcome =
  | { ok: true; command: Command }
  | { ok: false; code: 'bad_request' | 'payload_too_large' | 'not_found' | 'conflict'; reason: string };

export function createCommandsService({
  commands,
  devices,
  models,
  connectorOf,
  audit,
  bus,
  clock,
  newId,
}: Deps) {
  let prunedAt = Number.NEGATIVE_INFINITY;
  const emit = async (id: string, change: 'created' | 'updated') => {
    const row = await commands.get(id);
    if (row) await bus.emit('command.changed', { command: toCommand(row), change });
  };

  const auditResult = (row: Pick<CommandRow, 'id' | 'device_id' | 'name'>, status: string, detail: string) =>
    audit.record({
      actor: null,
      ip: null,
      action: 'command.result',
      target: row.device_id,
      outcome: status === 'succeeded' ? 'success' : 'failure',
      detail: `${row.name} (${row.id}) ${status}${detail ? `: ${detail}` : ''}`,
    });

  async function deliver(row: CommandRow, at: number): Promise<boolean> {
    const done = await commands.markDelivered(row.id, at, at + Number(row.timeout_s) * 1000);
    if (done) await emit(row.id, 'updated');
    return done;
  }

  return {
    async send(deviceId: string, body: SendCommandBody, actor: Actor): Promise<Command> {
      const device = await devices.get(deviceId);
      const definition = models.find(device.model)?.commands.find((c) => c.name === body.name);
      if (!definition)
        throw new AppError(
          'validation_failed',
          `device model '${device.model}' has no command '${body.name}'`,
          {
            fields: { name: 'is not a command this device accepts' },
          },
        );
      const connector = await connectorOf(deviceId);
      if (connector)
        throw new AppError(
          'conflict',
          `device '${deviceId}' is read through the ${connector.type} connector '${connector.id}', which carries no commands; change its desired properties instead`,
        );
      const params = body.params ?? {};
      if (Buffer.byteLength(JSON.stringify(params)) > COMMAND_PARAMS_MAX_BYTES)
        throw new AppError('validation_failed', `the parameters exceed ${COMMAND_PARAMS_MAX_BYTES} bytes`, {
          fields: { params: `at most ${COMMAND_PARAMS_MAX_BYTES} bytes` },
        });
      const problems = checkCommandParams(definition, params);
      if (Object.keys(problems).length > 0)
        throw new AppError(
          'validation_failed',
          `bad parameters for '${body.name}': ${Object.entries(problems)
            .map(([k, v]) => `${k} ${v}`)
            .join('; ')}`,
          { fields: problems },
        );
      if ((await commands.countOpen(deviceId)) >= MAX_OPEN_COMMANDS_PER_DEVICE)
        throw new AppError(
          'conflict',
          `device '${deviceId}' has ${MAX_OPEN_COMMANDS_PER_DEVICE} commands waiting already; wait for them to finish or expire`,
        );
      const now = clock.now();
      const row = await commands.insert({
        id: newId(),
        device_id: deviceId,
        name: body.name,
        params: JSON.stringify(params),
        status: 'pending',
        timeout_s: body.timeout_s ?? COMMAND_TIMEOUT_S.default,
        created_by: actor.username,
        created_at: now,
        expires_at: now + (body.expires_in_s ?? COMMAND_EXPIRES_IN_S.default) * 1000,
        delivered_at: null,
        deadline_at: null,
        completed_at: null,
        result: null,
        message: null,
      });
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'command.send',
        target: deviceId,
        outcome: 'success',
        detail: `${body.name} (${row.id}) ${JSON.stringify(params)}`,
      });
      const command = toCommand(row);
      await bus.emit('command.changed', { command, change: 'created' });
      return command;
    },

    async get(commandId: string): Promise<Command> {
      const row = await commands.get(commandId);
      if (!row) throw new AppError('not_found', `no command '${commandId}'`);
      return toCommand(row);
    },

    async list(deviceId: string, query: CommandListQuery): Promise<Command[]> {
      await devices.get(deviceId);
      const rows = await commands.list(deviceId, {
        limit: query.limit,
        ...(query.status ? { status: query.status } : {}),
      });
      return rows.map(toCommand);
    },

    /** A device's unfinished commands, oldest first: what is (re)sent when it connects. */
    openFor: (deviceId: string) => commands.open(deviceId, MAX_BATCH),

    /** Pending commands of every device, oldest first (a delivering process picks its devices' ones). */
    pending: (limit: number) => commands.pending(limit),

    /** The device acknowledged the command (MQTT PUBACK): its answer deadline starts now. */
    async delivered(commandId: string): Promise<void> {
      const row = await commands.get(commandId);
      if (row?.status === 'pending') await deliver(row, clock.now());
    },

    /** An HTTP poll: the device's unfinished commands, the pending ones now counted as delivered. */
    async poll(deviceId: string) {
      const rows = await commands.open(deviceId, MAX_BATCH);
      const now = clock.now();
      for (const row of rows) if (row.status === 'pending') await deliver(row, now);
      return rows.map((row) => ({
        id: row.id,
        ...toMessage(row),
        timeout_s: Number(row.timeout_s),
        expires_at: new Date(Number(row.expires_at)).toISOString(),
      }));
    },

    /** The device's answer (raw bytes from MQTT, or a parsed HTTP body). */
    async answer(deviceId: string, commandId: string, payload: Buffer | unknown): Promise<AnswerOutcome> {
      let body: unknown = payload;
      if (Buffer.isBuffer(payload)) {
        if (payload.length > COMMAND_RESPONSE_MAX_BYTES)
          return { ok: false, code: 'payload_too_large', reason: `over ${COMMAND_RESPONSE_MAX_BYTES} bytes` };
        try {
          body = JSON.parse(payload.toString('utf8'));
        } catch {
          return { ok: false, code: 'bad_request', reason: 'the response is not JSON' };
        }
      } else if (Buffer.byteLength(JSON.stringify(payload) ?? '') > COMMAND_RESPONSE_MAX_BYTES) {
        return { ok: false, code: 'payload_too_large', reason: `over ${COMMAND_RESPONSE_MAX_BYTES} bytes` };
      }
      const parsed = deviceCommandResponseSchema.safeParse(body);
      if (!parsed.success)
        return {
          ok: false,
          code: 'bad_request',
          reason: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
        };
      const row = await commands.get(commandId);
      if (!row || row.device_id !== deviceId)
        return { ok: false, code: 'not_found', reason: `no command '${commandId}' for this device` };
      const status = parsed.data.status === 'ok' ? 'succeeded' : 'failed';
      const now = clock.now();
      const finished = await commands.finish(
        commandId,
        {
          status,
          completed_at: now,
          result: parsed.data.result === undefined ? null : JSON.stringify(parsed.data.result),
          message: parsed.data.message ?? null,
        },
        now,
      );
      if (!finished)
        return {
          ok: false,
          code: 'conflict',
          reason: `the command is ${row.status} already; the answer is ignored`,
        };
      await auditResult(row, status, parsed.data.message ?? '');
      const updated = (await commands.get(commandId)) ?? row;
      await bus.emit('command.changed', { command: toCommand(updated), change: 'updated' });
      return { ok: true, command: toCommand(updated) };
    },

    /**
     * Expires pending commands past their expiry and times out delivered ones past their deadline;
     * once an hour, deletes the finished ones past COMMAND_RETENTION_MS.
     */
    async sweep(): Promise<number> {
      const now = clock.now();
      if (now - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = now;
        await commands.deleteFinishedBefore(now - COMMAND_RETENTION_MS);
      }
      let closed = 0;
      for (const row of await commands.overdue(now, SWEEP_BATCH)) {
        const status = row.status === 'pending' ? 'expired' : 'timed_out';
        const message =
          status === 'expired'
            ? 'the device did not connect before the command expired'
            : `no answer within ${Number(row.timeout_s)} s of delivery`;
        const done = await commands.finish(row.id, { status, completed_at: now, result: null, message });
        if (!done) continue;
        closed += 1;
        await auditResult(row, status, message);
        await emit(row.id, 'updated');
      }
      return closed;
    },
  };
}

export type CommandsService = ReturnType<typeof createCommandsService>;
