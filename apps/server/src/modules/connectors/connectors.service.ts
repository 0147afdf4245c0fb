import {
  connectorKinds,
  connectorLimits,
  mappingSchemaOf,
  type Connector,
  type ConnectorMapping,
  type ConnectorType,
  type CreateConnectorBody,
  type UpdateConnectorBody,
} from '@dtwin/contracts/connectors';
import type { DeviceModel } from '@dtwin/contracts/models';
import { z } from 'zod';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { Actor, Encryptor } from '../users/users.service';
import type { ConnectorRow, ConnectorsRepository } from './connectors.repository';

interface Deps {
  connectors: ConnectorsRepository;
  devices: Pick<DevicesService, 'get'>;
  models: Pick<ModelsService, 'find'>;
  encryption: Encryptor;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
}

/** A connector as its driver needs it: the whole config, secrets decrypted. */
export interface ResolvedConnector {
  id: string;
  type: ConnectorType;
  enabled: boolean;
  config: Record<string, unknown>;
  mappings: ConnectorMapping[];
}

type Fields = Record<string, string>;

function fieldsOf(error: z.ZodError, prefix: string): Fields {
  const fields: Fields = {};
  for (const issue of error.issues) fields[[prefix, ...issue.path].join('.')] = issue.message;
  return fields;
}

const invalid = (fields: Fields) =>
  new AppError(
    'validation_failed',
    Object.entries(fields)
      .map(([f, m]) => `${f} ${m}`)
      .join('; '),
    { fields },
  );

/** Splits a config into what is shown and the secrets kept encrypted. */
function split(type: ConnectorType, config: Record<string, unknown>) {
  const names = connectorKinds[type].secrets;
  const shown: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (names.includes(key)) {
      if (typeof value === 'string' && value !== '') secrets[key] = value;
    } else shown[key] = value;
  }
  return { shown, secrets };
}

export function createConnectorsService({
  connectors,
  devices,
  models,
  encryption,
  audit,
  bus,
  clock,
}: Deps) {
  const secretsOf = (row: ConnectorRow): Record<string, string> =>
    row.secret_enc === null ? {} : (JSON.parse(encryption.decrypt(row.secret_enc)) as Record<string, string>);
  const seal = (secrets: Record<string, string>) =>
    Object.keys(secrets).length === 0 ? null : encryption.encrypt(JSON.stringify(secrets));

  function toConnector(row: ConnectorRow): Connector {
    return {
      id: row.id,
      type: row.type as ConnectorType,
      enabled: row.enabled === 1,
      config: JSON.parse(row.config) as Record<string, unknown>,
      secrets_set: row.secret_enc === null ? [] : Object.keys(secretsOf(row)).sort(),
      mappings: JSON.parse(row.mappings) as ConnectorMapping[],
      created_at: new Date(Number(row.created_at)).toISOString(),
      updated_at: new Date(Number(row.updated_at)).toISOString(),
    };
  }

  async function load(id: string): Promise<ConnectorRow> {
    const row = await connectors.get(id);
    if (!row) throw new AppError('not_found', `no connector '${id}'`);
    return row;
  }

  /** Each mapping must name a device that exists and a metric or property of its model, once. */
  async function checkMappings(mappings: ConnectorMapping[]): Promise<void> {
    const fields: Fields = {};
    const seen = new Set<string>();
    const modelOf = new Map<string, DeviceModel | undefined>();
    for (const [i, m] of mappings.entries()) {
      if (!modelOf.has(m.device_id)) {
        const device = await devices.get(m.device_id).catch(() => undefined);
        modelOf.set(m.device_id, device ? models.find(device.model) : undefined);
      }
      const model = modelOf.get(m.device_id);
      if (!model) {
        fields[`mappings.${i}.device_id`] = `no device '${m.device_id}'`;
        continue;
      }
      const known =
        model.metrics.some((x) => x.name === m.metric) || model.properties.some((p) => p.name === m.metric);
      if (!known) fields[`mappings.${i}.metric`] = `is not a metric or property of ${model.name}`;
      const key = `${m.device_id}\u0000${m.metric}`;
      if (seen.has(key)) fields[`mappings.${i}.metric`] = 'is mapped twice';
      seen.add(key);
    }
    if (Object.keys(fields).length > 0) throw invalid(fields);
  }

  function parseConfig(type: ConnectorType, config: unknown): Record<string, unknown> {
    const parsed = connectorKinds[type].config.safeParse(config);
    if (!parsed.success) throw invalid(fieldsOf(parsed.error, 'config'));
    return parsed.data as Record<string, unknown>;
  }

  function parseMappings(type: ConnectorType, mappings: unknown[]): ConnectorMapping[] {
    const parsed = z.array(mappingSchemaOf(connectorKinds[type].source)).safeParse(mappings);
    if (!parsed.success) throw invalid(fieldsOf(parsed.error, 'mappings'));
    return parsed.data as ConnectorMapping[];
  }

  /** Names what changed, never a value: secrets must not reach the audit log. */
  const record = (actor: Actor, action: string, id: string, detail: string) =>
    audit.record({
      actor: actor.username,
      ip: actor.ip,
      action,
      target: `connector ${id}`,
      outcome: 'success',
      detail,
    });

  function resolve(row: ConnectorRow): ResolvedConnector {
    return {
      id: row.id,
      type: row.type as ConnectorType,
      enabled: row.enabled === 1,
      config: { ...(JSON.parse(row.config) as Record<string, unknown>), ...secretsOf(row) },
      mappings: JSON.parse(row.mappings) as ConnectorMapping[],
    };
  }

  return {
    list: async (): Promise<Connector[]> => (await connectors.list()).map(toConnector),

    /** The connector that reads this device, if one does (such a device takes no commands). */
    async connectorOf(deviceId: string): Promise<{ id: string; type: ConnectorType } | undefined> {
      for (const row of await connectors.list()) {
        const mappings = JSON.parse(row.mappings) as ConnectorMapping[];
        if (mappings.some((m) => m.device_id === deviceId))
          return { id: row.id, type: row.type as ConnectorType };
      }
      return undefined;
    },
    get: async (id: string): Promise<Connector> => toConnector(await load(id)),

    /** For the runtime: every connector with its secrets (connectors of unknown types are left out). */
    async resolvedAll(): Promise<ResolvedConnector[]> {
      return (await connectors.list()).filter((r) => r.type in connectorKinds).map(resolve);
    },
    async resolved(id: string): Promise<ResolvedConnector | undefined> {
      const row = await connectors.get(id);
      return row && row.type in connectorKinds ? resolve(row) : undefined;
    },

    async create(body: CreateConnectorBody, actor: Actor): Promise<Connector> {
      if (await connectors.get(body.id))
        throw new AppError('conflict', `a connector '${body.id}' exists`, { fields: { id: 'is taken' } });
      if ((await connectors.count()) >= connectorLimits.connectors)
        throw new AppError('conflict', `at most ${connectorLimits.connectors} connectors`);
      const mappings = body.mappings as ConnectorMapping[];
      await checkMappings(mappings);
      const { shown, secrets } = split(body.type, body.config as Record<string, unknown>);
      const now = clock.now();
      await connectors.insert({
        id: body.id,
        type: body.type,
        enabled: body.enabled ? 1 : 0,
        config: JSON.stringify(shown),
        secret_enc: seal(secrets),
        mappings: JSON.stringify(mappings),
        created_at: now,
        updated_at: now,
      });
      await record(actor, 'connector.create', body.id, `${body.type}, ${mappings.length} mappings`);
      await bus.emit('connector.changed', { id: body.id });
      return toConnector(await load(body.id));
    },

    async update(id: string, body: UpdateConnectorBody, actor: Actor): Promise<Connector> {
      const row = await load(id);
      const type = row.type as ConnectorType;
      if (!(type in connectorKinds))
        throw new AppError('bad_request', `connectors of type ${type} are not supported`);
      const changes: Parameters<ConnectorsRepository['update']>[1] = { updated_at: clock.now() };
      const changed: string[] = [];
      if (body.config !== undefined) {
        const stored = secretsOf(row);
        // A secret left out keeps the stored one; "" clears it.
        const merged = { ...stored, ...body.config };
        const config = parseConfig(
          type,
          Object.fromEntries(Object.entries(merged).filter(([, v]) => v !== '')),
        );
        const { shown, secrets } = split(type, config);
        changes.config = JSON.stringify(shown);
        changes.secret_enc = seal(secrets);
        changed.push('config');
      }
      if (body.mappings !== undefined) {
        const mappings = parseMappings(type, body.mappings);
        await checkMappings(mappings);
        changes.mappings = JSON.stringify(mappings);
        changed.push(`mappings (${mappings.length})`);
      }
      if (body.enabled !== undefined) {
        changes.enabled = body.enabled ? 1 : 0;
        changed.push(body.enabled ? 'enabled' : 'disabled');
      }
      await connectors.update(id, changes);
      await record(actor, 'connector.update', id, changed.join(', ') || 'nothing');
      await bus.emit('connector.changed', { id });
      return toConnector(await load(id));
    },

    async remove(id: string, actor: Actor): Promise<void> {
      const row = await load(id);
      await connectors.remove(id);
      await record(actor, 'connector.delete', id, row.type);
      await bus.emit('connector.changed', { id });
    },

    /** Adds mappings (accepting a pending Sparkplug device); the runtime restarts the connector. */
    async addMappings(id: string, added: ConnectorMapping[], actor: Actor): Promise<Connector> {
      const row = await load(id);
      const mappings = [...(JSON.parse(row.mappings) as ConnectorMapping[]), ...added];
      if (mappings.length > connectorLimits.mappings)
        throw new AppError('conflict', `at most ${connectorLimits.mappings} mappings per connector`);
      await checkMappings(mappings);
      await connectors.update(id, { mappings: JSON.stringify(mappings), updated_at: clock.now() });
      await record(actor, 'connector.update', id, `mappings (${mappings.length})`);
      await bus.emit('connector.changed', { id });
      return toConnector(await load(id));
    },
  };
}

export type ConnectorsService = ReturnType<typeof createConnectorsService>;
