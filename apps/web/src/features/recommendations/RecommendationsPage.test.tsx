import type { Recommendation } from '@dtwin/contracts/recommendations';
import { act, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { makeRecommendation } from '../../test/alerting-fixtures';
import { latestSocket } from '../../test/fake-socket';
import { mockApi, type RecordedRequest } from '../../test/fetch-mock';
import { operatorMe, viewerMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';

const bearing = makeRecommendation({ id: 1 });
const filter = makeRecommendation({
  id: 2,
  device_id: 'COMP_002',
  title: 'Clogged intake filter',
  action: 'Replace the intake filter.',
  priority: 'critical',
  score: 0.86,
  timeframe: 'immediate',
  status: 'acknowledged',
  status_changed_by: 'ada',
});

/** Answers each column from one list, as the server filters by status. */
function boardServer(items: Recommendation[]) {
  const byStatus = (request: RecordedRequest) => {
    const status = request.query.get('status');
    const matching = items.filter((r) => r.status === status);
    return { body: { items: matching, total: matching.length } };
  };
  return byStatus;
}

function column(name: RegExp): HTMLElement {
  return screen.getByRole('region', { name });
}

describe('recommendations board', () => {
  it('shows each recommendation in its status column with what to do and why', async () => {
    signInAs(viewerMe);
    mockApi({
      'GET /api/whoami': { body: viewerMe },
      'GET /api/recommendations': boardServer([bearing, filter]),
    });
    renderApp('/recommendations');

    const card = await within(await screen.findByRole('region', { name: /^Open/ })).findByRole('article');
    expect(card.textContent).toMatch(/High.*Maintenance.*PUMP_001.*Bearing wear on pump 1/);
    expect(card.textContent).toMatch(/Urgency80%.*Impact70%.*Score0\.76.*WhenWithin 7 days/);
    expect(within(card).getByText(/crosses 1\.0 mm\/s in about 5 days/)).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'PUMP_001' }).getAttribute('href')).toBe(
      '/devices/PUMP_001',
    );
    expect(within(column(/^Acknowledged/)).getByText('Clogged intake filter')).toBeTruthy();
    // Viewers see the board but cannot change it.
    expect(screen.queryByRole('button', { name: /Acknowledge|Mark done|Dismiss/ })).toBeNull();
  });

  it('lets an operator acknowledge one: sends the PATCH and moves the card', async () => {
    signInAs(operatorMe);
    const api = mockApi({
      'GET /api/whoami': { body: operatorMe },
      'GET /api/recommendations': boardServer([bearing, filter]),
      'PATCH /api/recommendations/1': {
        body: { recommendation: { ...bearing, status: 'acknowledged', status_changed_by: 'otto' } },
      },
    });
    const { user } = renderApp('/recommendations');

    await user.click(
      await screen.findByRole('button', { name: 'Acknowledge: Bearing wear on pump 1 on PUMP_001' }),
    );

    expect(api.calls('PATCH', '/api/recommendations/1')[0]?.body).toEqual({ status: 'acknowledged' });
    const acknowledged = column(/^Acknowledged/);
    expect(await within(acknowledged).findByText('Bearing wear on pump 1')).toBeTruthy();
    expect(within(column(/^Open/)).queryByText('Bearing wear on pump 1')).toBeNull();
    expect(within(column(/^Open/)).getByText('None.')).toBeTruthy();
    // The critical one comes first in its column.
    const titles = within(acknowledged)
      .getAllByRole('heading', { level: 3 })
      .map((h) => h.textContent);
    expect(titles).toEqual(['Clogged intake filter', 'Bearing wear on pump 1']);
  });

  it('adds new recommendations and moves changed ones as the server announces them', async () => {
    signInAs(viewerMe);
    mockApi({ 'GET /api/whoami': { body: viewerMe }, 'GET /api/recommendations': boardServer([bearing]) });
    renderApp('/recommendations');

    await within(await screen.findByRole('region', { name: /^Open/ })).findByText('Bearing wear on pump 1');
    const socket = latestSocket();
    const leak = makeRecommendation({ id: 3, title: 'Seal leak on pump 3', device_id: 'PUMP_003' });
    act(() => {
      socket.serverEmit('recommendation', { change: 'created', recommendation: leak });
      socket.serverEmit('recommendation', {
        change: 'status',
        recommendation: { ...bearing, status: 'done', status_changed_by: 'ada' },
      });
    });

    expect(await within(column(/^Open/)).findByText('Seal leak on pump 3')).toBeTruthy();
    expect(within(column(/^Done/)).getByText('Bearing wear on pump 1')).toBeTruthy();
    expect(within(column(/^Open/)).queryByText('Bearing wear on pump 1')).toBeNull();
    expect(within(column(/^Done/)).getByText(/Changed by ada/)).toBeTruthy();
  });
});
