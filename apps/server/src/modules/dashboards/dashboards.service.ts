import type { Role } from '@dtwin/contracts/auth';
import type {
  CreateDashboardBody,
  CustomDashboard,
  DashboardList,
  DashboardTimeRange,
  DashboardVariable,
  UpdateDashboardBody,
  Widget,
} from '@dtwin/contracts/dashboards';
import type { Clock } from '../../lib/clock';
import { AppError } from '../../lib/errors';
import type { AuditService } from '../audit/audit.service';
import type { DashboardRow, DashboardsRepository } from './dashboards.repository';

/** Who asks: dashboards are private to their owner unless shared; admins see and change all. */
export interface Viewer {
  userId: number;
  username: string;
  role: Role;
  ip: string | null;
}

/** So that nobody fills the database with dashboards. */
export const MAX_DASHBOARDS_PER_OWNER = 200;

interface Deps {
  dashboards: DashboardsRepository;
  audit: AuditService;
  clock: Clock;
  newId: () => string;
}

function toDashboard(row: DashboardRow): CustomDashboard {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner,
    shared: Number(row.shared) === 1,
    time_range: row.time_range as DashboardTimeRange,
    variables: JSON.parse(row.variables) as DashboardVariable[],
    widgets: JSON.parse(row.widgets) as Widget[],
  };
}

const canSee = (row: DashboardRow, who: Viewer) =>
  who.role === 'admin' || row.owner === who.username || Number(row.shared) === 1;
const canEdit = (row: DashboardRow, who: Viewer) => who.role === 'admin' || row.owner === who.username;

export function createDashboardsService({ dashboards, audit, clock, newId }: Deps) {
  /** A dashboard the caller may not see answers 404, as if it did not exist. */
  async function visible(id: string, who: Viewer): Promise<DashboardRow> {
    const row = await dashboards.get(id);
    if (!row || !canSee(row, who)) throw new AppError('not_found', `no dashboard ${id}`);
    return row;
  }

  async function editable(id: string, who: Viewer): Promise<DashboardRow> {
    const row = await visible(id, who);
    if (!canEdit(row, who))
      throw new AppError('forbidden', 'only its owner or an admin may change this dashboard');
    return row;
  }

  const record = (who: Viewer, action: string, row: { id: string; name: string }) =>
    audit.record({
      actor: who.username,
      ip: who.ip,
      action,
      target: `dashboard ${row.id}`,
      outcome: 'success',
      detail: row.name,
    });

  const columns = (body: CreateDashboardBody | UpdateDashboardBody) => ({
    name: body.name,
    shared: body.shared ? 1 : 0,
    time_range: body.time_range,
    variables: JSON.stringify(body.variables),
    widgets: JSON.stringify(body.widgets),
  });

  return {
    async list(who: Viewer): Promise<DashboardList> {
      const rows = await dashboards.list(who.role === 'admin' ? null : who.username);
      const home = await dashboards.home(who.userId);
      const items = rows.map((row) => ({
        id: row.id,
        name: row.name,
        owner: row.owner,
        shared: Number(row.shared) === 1,
        widgets: (JSON.parse(row.widgets) as unknown[]).length,
        updated_at: new Date(Number(row.updated_at)).toISOString(),
      }));
      return { items, total: items.length, home: items.some((d) => d.id === home) ? home : null };
    },

    get: async (id: string, who: Viewer): Promise<CustomDashboard> => toDashboard(await visible(id, who)),

    async create(body: CreateDashboardBody, who: Viewer): Promise<CustomDashboard> {
      if ((await dashboards.countOwnedBy(who.username)) >= MAX_DASHBOARDS_PER_OWNER)
        throw new AppError(
          'conflict',
          `at most ${MAX_DASHBOARDS_PER_OWNER} dashboards per user; delete one first`,
        );
      const now = clock.now();
      const id = newId();
      await dashboards.insert({
        id,
        owner: who.username,
        created_at: now,
        updated_at: now,
        ...columns(body),
      });
      await record(who, 'dashboard.create', { id, name: body.name });
      return toDashboard(await visible(id, who));
    },

    async replace(id: string, body: UpdateDashboardBody, who: Viewer): Promise<CustomDashboard> {
      await editable(id, who);
      await dashboards.update(id, { ...columns(body), updated_at: clock.now() });
      await record(who, 'dashboard.update', { id, name: body.name });
      return toDashboard(await visible(id, who));
    },

    async remove(id: string, who: Viewer): Promise<void> {
      const row = await editable(id, who);
      await dashboards.delete(id);
      await record(who, 'dashboard.delete', row);
    },

    async home(who: Viewer): Promise<string | null> {
      const id = await dashboards.home(who.userId);
      if (id === null) return null;
      const row = await dashboards.get(id);
      return row && canSee(row, who) ? id : null;
    },

    /** Any dashboard the caller can see may be their home; null clears it. */
    async setHome(dashboardId: string | null, who: Viewer): Promise<string | null> {
      if (dashboardId !== null) await visible(dashboardId, who);
      await dashboards.setHome(who.userId, dashboardId);
      return dashboardId;
    },
  };
}

export type DashboardsService = ReturnType<typeof createDashboardsService>;
