import { describe, expect, it } from 'vitest';
import { fakeClock } from '../../lib/clock';
import type { AuditService } from '../audit/audit.service';
import type { DashboardsRepository } from './dashboards.repository';
import { createDashboardsService, MAX_DASHBOARDS_PER_OWNER } from './dashboards.service';

describe('dashboards service', () => {
  it('refuses a new dashboard to somebody who already has the most allowed', async () => {
    let inserted = 0;
    const repository = {
      countOwnedBy: async (owner: string) => (owner === 'busy' ? MAX_DASHBOARDS_PER_OWNER : 0),
      insert: async () => {
        inserted += 1;
      },
    } as unknown as DashboardsRepository;
    const service = createDashboardsService({
      dashboards: repository,
      audit: { record: async () => {} } as unknown as AuditService,
      clock: fakeClock(0),
      newId: () => 'id',
    });
    const body = { name: 'One more', shared: false, time_range: '1h' as const, variables: [], widgets: [] };
    await expect(
      service.create(body, { userId: 1, username: 'busy', role: 'operator', ip: null }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(inserted).toBe(0);
  });
});
