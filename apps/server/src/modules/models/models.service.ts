import type { CreateModelBody, DeviceModel, UpdateModelBody } from '@dtwin/contracts/models';
import { deviceModelSchema } from '@dtwin/contracts/models';
import type { Executor } from '../../db/database';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../users/users.service';
import { builtinModels } from './builtin-models';
import { createModelsRepository, type ModelsRepository } from './models.repository';

/**
 * Device models change rarely and are read on every reading, so all of them are kept in memory
 * (a plant has tens, not millions) and the cache is replaced on every write.
 */
export function createModelsService({
  models,
  audit,
  clock,
}: {
  models: ModelsRepository;
  audit: AuditService;
  clock: Clock;
}) {
  let cache = new Map<string, DeviceModel>();
  const reload = async () => {
    cache = new Map((await models.list()).map((m) => [m.id, m]));
  };

  const get = (id: string): DeviceModel => {
    const model = cache.get(id);
    if (!model) throw new AppError('not_found', `no device model '${id}'`);
    return model;
  };

  return {
    /** Installs the built-in models that are missing and loads the cache; run once at start. */
    async init(): Promise<void> {
      await models.insertMissing(builtinModels, clock.now());
      await models.fillBuiltinCommands(builtinModels, clock.now());
      await reload();
    },

    /** Re-reads the models, e.g. when another process may have changed them. */
    reload,
    list: (): DeviceModel[] => [...cache.values()],
    get,
    find: (id: string): DeviceModel | undefined => cache.get(id),

    async create(body: CreateModelBody, actor: Actor): Promise<DeviceModel> {
      await reload();
      if (cache.has(body.id))
        throw new AppError('conflict', `a device model '${body.id}' exists`, { fields: { id: 'is taken' } });
      const model: DeviceModel = { ...body, builtin: false };
      await models.insert(model, clock.now());
      await reload();
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'model.create',
        target: model.id,
        outcome: 'success',
      });
      return model;
    },

    async update(id: string, patch: UpdateModelBody, actor: Actor): Promise<DeviceModel> {
      await reload();
      const parsed = deviceModelSchema.safeParse({ ...get(id), ...patch });
      if (!parsed.success) {
        throw new AppError(
          'validation_failed',
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
        );
      }
      await models.update(parsed.data, clock.now());
      await reload();
      await audit.record({
        actor: actor.username,
        ip: actor.ip,
        action: 'model.update',
        target: id,
        outcome: 'success',
        detail: Object.keys(patch).join(', '),
      });
      return get(id);
    },
  };
}

export type ModelsService = ReturnType<typeof createModelsService>;

/**
 * The models a database holds, and the built-ins it does not hold yet (a new database gets them
 * at the server's first start): for planning an import without starting the server.
 */
export async function modelsIn(db: Executor): Promise<DeviceModel[]> {
  const stored = await createModelsRepository(db).list();
  const ids = new Set(stored.map((m) => m.id));
  return [...stored, ...builtinModels.filter((m) => !ids.has(m.id))];
}
