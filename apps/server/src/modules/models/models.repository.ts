import type { Kysely, Selectable } from 'kysely';
import type { DeviceModel } from '@dtwin/contracts/models';
import type { Tables } from '../../db/tables';

type ModelRow = Selectable<Tables['device_models']>;

const toModel = (row: ModelRow): DeviceModel => ({
  id: row.id,
  name: row.name,
  description: row.description,
  category: row.category as DeviceModel['category'],
  metrics: JSON.parse(row.metrics) as DeviceModel['metrics'],
  properties: JSON.parse(row.properties) as DeviceModel['properties'],
  commands: JSON.parse(row.commands) as DeviceModel['commands'],
  builtin: row.builtin === 1,
});

const toRow = (model: DeviceModel, now: number) => ({
  id: model.id,
  name: model.name,
  description: model.description,
  category: model.category,
  metrics: JSON.stringify(model.metrics),
  properties: JSON.stringify(model.properties),
  commands: JSON.stringify(model.commands),
  builtin: model.builtin ? 1 : 0,
  created_at: now,
  updated_at: now,
});

export function createModelsRepository(db: Kysely<Tables>) {
  return {
    async list(): Promise<DeviceModel[]> {
      const rows = await db.selectFrom('device_models').selectAll().orderBy('id').execute();
      return rows.map(toModel);
    },

    async get(id: string): Promise<DeviceModel | undefined> {
      const row = await db.selectFrom('device_models').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toModel(row);
    },

    /** Inserts the models that are missing; never overwrites a model an admin has edited. */
    async insertMissing(models: DeviceModel[], now: number): Promise<number> {
      let inserted = 0;
      for (const model of models) {
        const result = await db
          .insertInto('device_models')
          .values(toRow(model, now))
          .onConflict((oc) => oc.column('id').doNothing())
          .executeTakeFirst();
        inserted += Number(result.numInsertedOrUpdatedRows ?? 0);
      }
      return inserted;
    },

    /**
     * Gives the built-in models made before they had commands (migration 016) their commands;
     * a built-in model whose commands an admin has set is left alone.
     */
    async fillBuiltinCommands(models: DeviceModel[], now: number): Promise<void> {
      for (const model of models) {
        if (model.commands.length === 0) continue;
        await db
          .updateTable('device_models')
          .set({ commands: JSON.stringify(model.commands), updated_at: now })
          .where('id', '=', model.id)
          .where('builtin', '=', 1)
          .where('commands', '=', '[]')
          .execute();
      }
    },

    async insert(model: DeviceModel, now: number): Promise<void> {
      await db.insertInto('device_models').values(toRow(model, now)).execute();
    },

    async update(model: DeviceModel, now: number): Promise<void> {
      const { id: _id, created_at: _created, ...row } = toRow(model, now);
      await db.updateTable('device_models').set(row).where('id', '=', model.id).execute();
    },
  };
}

export type ModelsRepository = ReturnType<typeof createModelsRepository>;
