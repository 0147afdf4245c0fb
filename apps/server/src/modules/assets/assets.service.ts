import {
  ASSET_LIMITS,
  type Asset,
  type AssetListQuery,
  type AssetPropertyValue,
  type AssetStatus,
  type AssetTree,
  type CreateAssetBody,
  type UpdateAssetBody,
} from '@dtwin/contracts/assets';
import type { Clock } from '../../lib/clock';
import type { DomainEvents, EventBus } from '../../lib/domain-events';
import { AppError } from '../../lib/errors';
import type { AlertService } from '../alerts/alert.service';
import type { AuditService } from '../audit/audit.service';
import type { DevicesService } from '../devices/devices.service';
import type { Actor } from '../users/users.service';
import type { AssetDirectory } from './asset-directory';
import { rollUpStatus } from './asset-status';
import { buildAssetTree } from './asset-tree';
import type { AssetRow, AssetsRepository } from './assets.repository';

interface Deps {
  assets: AssetsRepository;
  directory: AssetDirectory;
  devices: Pick<DevicesService, 'inAssets'>;
  health: { fleet(): Promise<Array<{ device_id: string; score: number }>> };
  alerts: Pick<AlertService, 'activeCountsFor' | 'activeCountsByDevice'>;
  /** The report schedules narrowed to an asset, by name (deleting it widens them to the fleet). */
  schedulesOf: (assetId: string) => Promise<string[]>;
  audit: AuditService;
  bus: EventBus<DomainEvents>;
  clock: Clock;
}

export const toAsset = (row: AssetRow): Asset => ({
  id: row.id,
  name: row.name,
  type: row.type,
  parent_id: row.parent_id,
  properties: JSON.parse(row.properties) as Record<string, AssetPropertyValue>,
  tags: JSON.parse(row.tags) as string[],
  created_at: new Date(Number(row.created_at)).toISOString(),
  updated_at: new Date(Number(row.updated_at)).toISOString(),
});

/** At most five names, quoted, then how many more. */
const quoteList = (names: string[]) =>
  names
    .slice(0, 5)
    .map((n) => `'${n}'`)
    .join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');

const invalid = (field: string, reason: string, message: string) =>
  new AppError('validation_failed', message, { fields: { [field]: reason } });

/** The plant's hierarchy: admins shape it, everyone signed in reads it and its rolled-up status. */
export function createAssetsService({
  assets,
  directory,
  devices,
  health,
  alerts,
  schedulesOf,
  audit,
  bus,
  clock,
}: Deps) {
  // Writes that change the shape run one at a time in this process, so two moves cannot make
  // a cycle between them (each checks the hierarchy the other left).
  let writes: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = writes.then(work, work);
    writes = run.catch(() => undefined);
    return run;
  };

  const record = (actor: Actor, action: string, target: string, detail: string | null = null) =>
    audit.record({ actor: actor.username, ip: actor.ip, action, target, outcome: 'success', detail });

  async function getRow(id: string): Promise<AssetRow> {
    const row = await assets.get(id);
    if (!row) throw new AppError('not_found', `no asset '${id}'`);
    return row;
  }

  /** The subtree's asset ids, its root first; not_found for an unknown asset. */
  async function subtreeOf(id: string): Promise<string[]> {
    const ids = await directory.subtreeIds(id);
    if (ids.length === 0) throw new AppError('not_found', `no asset '${id}'`);
    return ids;
  }

  return {
    get: async (id: string): Promise<Asset> => toAsset(await getRow(id)),

    async list(query: AssetListQuery) {
      const { items, total } = await assets.list(query);
      return { items: items.map(toAsset), total };
    },

    create(body: CreateAssetBody, actor: Actor): Promise<Asset> {
      return exclusive(async () => {
        if (await assets.get(body.id))
          throw new AppError('conflict', `an asset '${body.id}' exists`, { fields: { id: 'is taken' } });
        if ((await assets.count()) >= ASSET_LIMITS.maxAssets)
          throw new AppError('conflict', `the plant has ${ASSET_LIMITS.maxAssets} assets already`);
        const parent = body.parent_id ?? null;
        if (parent !== null) {
          const links = await directory.links();
          if (!links.has(parent)) throw invalid('parent_id', 'is not a known asset', `no asset '${parent}'`);
          if (links.ancestors(parent).length + 2 > ASSET_LIMITS.maxDepth)
            throw invalid(
              'parent_id',
              `is too deep (at most ${ASSET_LIMITS.maxDepth} levels)`,
              `the hierarchy would be deeper than ${ASSET_LIMITS.maxDepth} levels`,
            );
        }
        const now = clock.now();
        await assets.insert({
          id: body.id,
          name: body.name,
          type: body.type,
          parent_id: parent,
          properties: JSON.stringify(body.properties ?? {}),
          tags: JSON.stringify(body.tags ?? []),
          created_at: now,
          updated_at: now,
        });
        await record(actor, 'asset.create', body.id, `${body.type}${parent ? ` under ${parent}` : ''}`);
        await bus.emit('asset.changed', { assetId: body.id, change: 'created' });
        return toAsset(await getRow(body.id));
      });
    },

    update(id: string, patch: UpdateAssetBody, actor: Actor): Promise<Asset> {
      return exclusive(async () => {
        const row = await getRow(id);
        const { properties, tags, parent_id, ...plain } = patch;
        if (parent_id !== undefined && parent_id !== null && parent_id !== row.parent_id) {
          const links = await directory.links();
          if (!links.has(parent_id))
            throw invalid('parent_id', 'is not a known asset', `no asset '${parent_id}'`);
          if (parent_id === id || links.ancestors(parent_id).includes(id))
            throw invalid(
              'parent_id',
              'would make the asset its own ancestor',
              `'${parent_id}' is '${id}' or below it: the hierarchy cannot have a cycle`,
            );
          if (links.ancestors(parent_id).length + 1 + links.height(id) > ASSET_LIMITS.maxDepth)
            throw invalid(
              'parent_id',
              `is too deep (at most ${ASSET_LIMITS.maxDepth} levels)`,
              `the hierarchy would be deeper than ${ASSET_LIMITS.maxDepth} levels`,
            );
        }
        await assets.update(id, {
          ...plain,
          ...(parent_id !== undefined ? { parent_id } : {}),
          ...(properties ? { properties: JSON.stringify(properties) } : {}),
          ...(tags ? { tags: JSON.stringify(tags) } : {}),
          updated_at: clock.now(),
        });
        const moved = parent_id !== undefined && parent_id !== row.parent_id;
        const detail = Object.keys(patch).join(', ');
        await record(actor, 'asset.update', id, moved ? `${detail} (parent ${parent_id ?? 'none'})` : detail);
        await bus.emit('asset.changed', { assetId: id, change: 'updated' });
        return toAsset(await getRow(id));
      });
    },

    /**
     * Refused (409) while the asset has children, devices or report schedules, unless `detach`:
     * children become roots, devices lose their asset, and schedules report on the whole fleet.
     */
    remove(id: string, options: { detach: boolean }, actor: Actor): Promise<void> {
      return exclusive(async () => {
        await getRow(id);
        const links = await directory.links();
        const children = links.childrenOf(id).length;
        const attached = (await devices.inAssets([id])).length;
        const schedules = await schedulesOf(id);
        if ((children > 0 || attached > 0 || schedules.length > 0) && !options.detach)
          throw new AppError(
            'conflict',
            `asset '${id}' has ${children} child asset(s) and ${attached} device(s)` +
              (schedules.length
                ? `, and ${schedules.length} report schedule(s) (${quoteList(schedules)}) report on it`
                : '') +
              '; move or delete them first, or delete with ?cascade=detach',
          );
        // The schedules' key clears itself (on delete set null), in the same statement.
        if (!(await assets.deleteDetaching(id, clock.now())))
          throw new AppError('not_found', `no asset '${id}'`);
        const detached = [
          ...(children || attached ? [`${children} child asset(s), ${attached} device(s)`] : []),
          ...(schedules.length ? [`${schedules.length} report schedule(s) now on the whole fleet`] : []),
        ];
        await record(actor, 'asset.delete', id, detached.length ? `detached ${detached.join('; ')}` : null);
        await bus.emit('asset.changed', { assetId: id, change: 'deleted' });
      });
    },

    /** The asset with everything below it, the devices attached at each level, and with
     * `status` each node's rolled-up status. */
    async tree(id: string, options: { status?: boolean } = {}): Promise<AssetTree> {
      const ids = await subtreeOf(id);
      const rows = new Map((await assets.getMany(ids)).map((r) => [r.id, r]));
      const attached = await devices.inAssets(ids);
      const deviceIds = attached.map((d) => d.id);
      const facts = options.status
        ? {
            scores: new Map((await health.fleet()).map((h) => [h.device_id, h.score])),
            // Devices' alerts and those of rules on the subtree's computed metrics.
            alerts: await alerts.activeCountsByDevice([...deviceIds, ...ids]),
          }
        : undefined;
      const tree = buildAssetTree(id, rows, await directory.links(), attached, facts);
      if (!tree) throw new AppError('not_found', `no asset '${id}'`);
      return tree;
    },

    /** Condition, health, connectivity and open alerts rolled up over the subtree. */
    async status(id: string): Promise<AssetStatus> {
      const subtree = await subtreeOf(id);
      const inSubtree = await devices.inAssets(subtree);
      const ids = new Set(inSubtree.map((d) => d.id));
      const scores = (await health.fleet()).filter((h) => ids.has(h.device_id)).map((h) => h.score);
      // The subtree's alerts: its devices', and those of rules on its assets' computed metrics.
      return rollUpStatus(inSubtree, scores, await alerts.activeCountsFor([...ids, ...subtree]));
    },

    /** The devices of the asset's subtree (what computed metrics and filters read). */
    async subtreeDeviceIds(id: string): Promise<string[]> {
      return (await devices.inAssets(await subtreeOf(id))).map((d) => d.id);
    },
  };
}

export type AssetsService = ReturnType<typeof createAssetsService>;
