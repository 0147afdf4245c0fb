import type {
  AcceptPendingBody,
  Connector,
  ConnectorMapping,
  PendingDevice,
} from '@dtwin/contracts/connectors';
import type { Device } from '@dtwin/contracts/devices';
import { AppError } from '../../lib/errors';
import type { DevicesService } from '../devices/devices.service';
import type { ModelsService } from '../models/models.service';
import type { Actor } from '../users/users.service';
import type { ConnectorRuntime } from './connector-runtime';
import type { ConnectorsService } from './connectors.service';

/**
 * Pending Sparkplug devices (seen by an `auto_map` connector, not mapped yet) and their
 * acceptance: the device is created with the chosen model and its same-named metrics mapped.
 */
export function createPendingDevices({
  connectors,
  runtime,
  devices,
  models,
}: {
  connectors: Pick<ConnectorsService, 'get' | 'addMappings'>;
  runtime: Pick<ConnectorRuntime, 'pending' | 'forgetPending'>;
  devices: Pick<DevicesService, 'create'>;
  models: Pick<ModelsService, 'find'>;
}) {
  return {
    async list(id: string): Promise<PendingDevice[]> {
      await connectors.get(id);
      return runtime.pending(id);
    },

    async accept(
      id: string,
      body: AcceptPendingBody,
      actor: Actor,
    ): Promise<{ connector: Connector; device: Device }> {
      const connector = await connectors.get(id);
      if (connector.type !== 'sparkplug_b')
        throw new AppError('bad_request', 'only Sparkplug B connectors have pending devices');
      const seen = runtime
        .pending(id)
        .find((p) => p.edge_node === body.edge_node && p.device === body.device);
      if (!seen)
        throw new AppError('not_found', 'no such pending device (it may have been accepted already)');
      const model = models.find(body.model);
      if (!model)
        throw new AppError('validation_failed', `no device model '${body.model}'`, {
          fields: { model: 'is not a known device model' },
        });
      const names = new Set([...model.metrics.map((m) => m.name), ...model.properties.map((p) => p.name)]);
      const mappings: ConnectorMapping[] = seen.metrics
        .filter((m) => names.has(m.name))
        .map((m) => ({
          device_id: body.device_id,
          metric: m.name,
          source: {
            edge_node: body.edge_node,
            ...(body.device ? { device: body.device } : {}),
            metric: m.name,
          },
        }));
      if (mappings.length === 0)
        throw new AppError(
          'validation_failed',
          `none of its metrics is a metric or property of ${model.name}`,
          {
            fields: { model: 'shares no metric name with the device' },
          },
        );
      const { device } = await devices.create(
        { id: body.device_id, model: body.model, name: body.name ?? body.device ?? body.edge_node },
        actor,
      );
      runtime.forgetPending(id, body.edge_node, body.device);
      return { connector: await connectors.addMappings(id, mappings, actor), device };
    },
  };
}

export type PendingDevices = ReturnType<typeof createPendingDevices>;
