import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../lib/clock';
import type { DomainEvents } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import { createEventBus } from '../../lib/event-bus';
import type { AuditService } from '../audit/audit.service';
import { builtinModels } from '../models/builtin-models';
import type { ModelsService } from '../models/models.service';
import type { DeviceRow, DevicesRepository } from './devices.repository';
import { createDevicesService } from './devices.service';

/** A service over one pump in an in-memory repository, with the built-in models. */
function pumpService() {
  const pump = { id: 'PUMP_1', model_id: 'centrifugal_pump' } as DeviceRow;
  const models = {
    get: (id: string) => {
      const model = builtinModels.find((m) => m.id === id);
      if (!model) throw new AppError('not_found', `no device model '${id}'`);
      return model;
    },
  } as unknown as ModelsService;
  return createDevicesService({
    devices: { get: async (id: string) => (id === pump.id ? pump : undefined) } as DevicesRepository,
    assets: { exists: async () => false, subtreeIds: async () => [] },
    createTwin: async () => {},
    models,
    audit: { record: async () => {} } as unknown as AuditService,
    bus: createEventBus<DomainEvents>(() => {}),
    clock: fakeClock(),
    secretKey: 'test-secret-key',
  });
}

describe("a device's metric", () => {
  it('is the metric as the model of the device defines it', async () => {
    expect(await pumpService().metricOf('PUMP_1', 'bearing_temperature')).toEqual({
      name: 'bearing_temperature',
      unit: '°C',
    });
  });

  it('is not found for a metric the model does not have, nor for an unknown device', async () => {
    const devices = pumpService();
    await expect(devices.metricOf('PUMP_1', 'warp')).rejects.toMatchObject({
      code: 'not_found',
      message: "Centrifugal pump has no metric 'warp'",
    });
    await expect(devices.metricOf('PUMP_9', 'flow')).rejects.toMatchObject({
      code: 'not_found',
      message: "no device 'PUMP_9'",
    });
  });
});
