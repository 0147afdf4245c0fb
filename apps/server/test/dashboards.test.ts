import type { CustomDashboard, DashboardList } from '@dtwin/contracts/dashboards';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { people, type People } from './support/alerting';
import { dialects, startTestServer, type TestServer } from './support/server';

const overview = () => ({
  name: 'Pump house',
  shared: false,
  time_range: '6h',
  variables: [{ name: 'pump', label: 'Pump', type: 'device', value: 'P-101' }],
  widgets: [
    {
      id: 'flow',
      x: 0,
      y: 0,
      w: 8,
      h: 6,
      type: 'timeseries',
      options: {
        title: 'Flow',
        series: [
          { device: '$pump', metric: 'flow' },
          { device: 'P-102', metric: 'flow' },
        ],
        compare_previous: true,
      },
    },
    { id: 'notes', x: 8, y: 0, w: 4, h: 3, type: 'markdown', options: { text: '**Check** seals weekly' } },
  ],
});

describe.each(dialects)('dashboards on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;
  const call = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, token: string, payload?: object) =>
    server.inject({ method, url, token, ...(payload ? { payload } : {}) });

  beforeEach(async () => {
    if (skip) return;
    server = await startTestServer(name);
    who = await people(server);
  });
  afterEach(async () => {
    if (skip) return;
    await server.close();
  });

  it.skipIf(skip)('stores a dashboard in the documented shape and gives it back', async () => {
    const created = await call('POST', '/api/dashboards', who.operator, overview());
    expect(created.statusCode).toBe(201);
    const dashboard = created.json() as CustomDashboard;
    expect(dashboard).toMatchObject({
      name: 'Pump house',
      owner: 'operator-1',
      shared: false,
      time_range: '6h',
      variables: [{ name: 'pump', value: 'P-101' }],
    });
    expect(dashboard.widgets[0]).toMatchObject({
      id: 'flow',
      x: 0,
      y: 0,
      w: 8,
      h: 6,
      type: 'timeseries',
      options: { title: 'Flow', bands: true, compare_previous: true },
    });
    const read = await call('GET', `/api/dashboards/${dashboard.id}`, who.operator);
    expect(read.json()).toEqual(dashboard);

    const moved = {
      ...overview(),
      name: 'Pump house (night)',
      widgets: [{ ...overview().widgets[1], x: 0, y: 4, w: 12 }],
    };
    const replaced = await call('PUT', `/api/dashboards/${dashboard.id}`, who.operator, moved);
    expect(replaced.statusCode).toBe(200);
    expect(replaced.json()).toMatchObject({
      name: 'Pump house (night)',
      widgets: [{ id: 'notes', x: 0, y: 4, w: 12 }],
    });

    // Export then import: the stored JSON, posted again, makes a copy owned by whoever imports it.
    const imported = await call('POST', '/api/dashboards', who.admin, replaced.json() as object);
    expect(imported.statusCode).toBe(201);
    expect(imported.json()).toMatchObject({ name: 'Pump house (night)', owner: 'admin' });
    expect((imported.json() as CustomDashboard).id).not.toBe(dashboard.id);
  });

  it.skipIf(skip)(
    'keeps private dashboards to their owner and admins, shared ones to read for all',
    async () => {
      const id = ((await call('POST', '/api/dashboards', who.operator, overview())).json() as CustomDashboard)
        .id;
      const listOf = async (token: string) =>
        ((await call('GET', '/api/dashboards', token)).json() as DashboardList).items;

      expect(await listOf(who.viewer)).toEqual([]);
      expect((await call('GET', `/api/dashboards/${id}`, who.viewer)).statusCode).toBe(404);
      expect((await listOf(who.admin)).map((d) => d.id)).toEqual([id]);

      await call('PUT', `/api/dashboards/${id}`, who.operator, { ...overview(), shared: true });
      expect(await listOf(who.viewer)).toMatchObject([
        { id, name: 'Pump house', owner: 'operator-1', shared: true, widgets: 2 },
      ]);
      expect((await call('GET', `/api/dashboards/${id}`, who.viewer)).statusCode).toBe(200);

      // Seeing is not editing: only the owner or an admin changes or deletes it.
      const byViewer = await call('PUT', `/api/dashboards/${id}`, who.viewer, {
        ...overview(),
        name: 'Mine now',
      });
      expect(byViewer.statusCode).toBe(403);
      expect((await call('DELETE', `/api/dashboards/${id}`, who.viewer)).statusCode).toBe(403);
      expect((await call('POST', '/api/dashboards', who.viewer, overview())).statusCode).toBe(403);
      const byAdmin = await call('PUT', `/api/dashboards/${id}`, who.admin, {
        ...overview(),
        shared: true,
        name: 'Pumps',
      });
      expect(byAdmin.json()).toMatchObject({ name: 'Pumps', owner: 'operator-1' });

      expect((await call('DELETE', `/api/dashboards/${id}`, who.operator)).statusCode).toBe(204);
      expect((await call('GET', `/api/dashboards/${id}`, who.operator)).statusCode).toBe(404);
      expect(await listOf(who.viewer)).toEqual([]);
    },
  );

  it.skipIf(skip)('remembers a home dashboard per user, only one they can see', async () => {
    const shared = (
      (
        await call('POST', '/api/dashboards', who.operator, { ...overview(), shared: true })
      ).json() as CustomDashboard
    ).id;
    const secret = (
      (await call('POST', '/api/dashboards', who.operator, overview())).json() as CustomDashboard
    ).id;

    expect((await call('GET', '/api/dashboards/home', who.viewer)).json()).toEqual({ home: null });
    expect((await call('PUT', '/api/dashboards/home', who.viewer, { dashboard_id: secret })).statusCode).toBe(
      404,
    );
    expect((await call('PUT', '/api/dashboards/home', who.viewer, { dashboard_id: shared })).json()).toEqual({
      home: shared,
    });
    await call('PUT', '/api/dashboards/home', who.operator, { dashboard_id: secret });

    expect((await call('GET', '/api/dashboards/home', who.viewer)).json()).toEqual({ home: shared });
    expect(((await call('GET', '/api/dashboards', who.viewer)).json() as DashboardList).home).toBe(shared);
    expect((await call('GET', '/api/dashboards/home', who.operator)).json()).toEqual({ home: secret });

    // Unsharing hides it from the viewer's home; deleting clears the owner's.
    await call('PUT', `/api/dashboards/${shared}`, who.operator, overview());
    expect((await call('GET', '/api/dashboards/home', who.viewer)).json()).toEqual({ home: null });
    await call('DELETE', `/api/dashboards/${secret}`, who.operator);
    expect((await call('GET', '/api/dashboards/home', who.operator)).json()).toEqual({ home: null });
  });

  it.skipIf(skip)('refuses dashboards out of bounds with field errors and keeps the stored one', async () => {
    const id = ((await call('POST', '/api/dashboards', who.operator, overview())).json() as CustomDashboard)
      .id;
    const widget = overview().widgets[1]!;
    const bad: Array<[string, object]> = [
      ['name', { ...overview(), name: 'x'.repeat(121) }],
      [
        'widgets',
        { ...overview(), widgets: Array.from({ length: 51 }, (_, i) => ({ ...widget, id: `w${i}` })) },
      ],
      ['widgets.0.w', { ...overview(), widgets: [{ ...widget, x: 6, w: 8 }] }],
      ['widgets.0.h', { ...overview(), widgets: [{ ...widget, h: 41 }] }],
      [
        'widgets.0.options.text',
        { ...overview(), widgets: [{ ...widget, options: { text: 'x'.repeat(10_001) } }] },
      ],
      ['widgets.0.type', { ...overview(), widgets: [{ ...widget, type: 'iframe' }] }],
      ['widgets.1.id', { ...overview(), widgets: [widget, widget] }],
      ['widgets.0.options', { ...overview(), variables: [] }],
      ['time_range', { ...overview(), time_range: '2y' }],
      [
        'variables',
        {
          ...overview(),
          variables: Array.from({ length: 6 }, (_, i) => ({
            name: `v${i}`,
            label: 'V',
            type: 'device',
            value: null,
          })),
        },
      ],
    ];
    for (const [field, body] of bad) {
      const res = await call('PUT', `/api/dashboards/${id}`, who.operator, body);
      expect(res.statusCode, field).toBe(400);
      const error = (res.json() as { error: { code: string; fields: Record<string, string> } }).error;
      expect(error.code).toBe('validation_failed');
      expect(Object.keys(error.fields), field).toContain(field);
    }
    expect((await call('GET', `/api/dashboards/${id}`, who.operator)).json()).toMatchObject({
      name: 'Pump house',
      widgets: [{}, {}],
    });
    expect((await call('GET', '/api/dashboards/..%2Fetc', who.operator)).statusCode).toBe(400);
  });
  it.skipIf(skip)(
    'keeps asset widgets: an asset tree and an asset computed metric in a time series',
    async () => {
      const widgets = [
        { id: 'tree', x: 0, y: 0, w: 6, h: 8, type: 'asset_tree', options: { asset: 'LINE_A' } },
        {
          id: 'power',
          x: 6,
          y: 0,
          w: 6,
          h: 6,
          type: 'timeseries',
          options: {
            title: 'Line power',
            series: [
              { asset: 'LINE_A', metric: 'total_power' },
              { device: 'P-102', metric: 'power' },
            ],
          },
        },
      ];
      const created = await call('POST', '/api/dashboards', who.operator, { ...overview(), widgets });
      expect(created.statusCode).toBe(201);
      const { id } = created.json() as CustomDashboard;
      const stored = (await call('GET', `/api/dashboards/${id}`, who.operator)).json() as CustomDashboard;
      expect(stored.widgets[0]).toMatchObject({
        type: 'asset_tree',
        options: { title: '', asset: 'LINE_A', show_devices: false },
      });
      expect(stored.widgets[1]?.options).toMatchObject({
        series: [
          { asset: 'LINE_A', metric: 'total_power' },
          { device: 'P-102', metric: 'power' },
        ],
      });

      const badTree = { ...widgets[0], options: { asset: '../etc' } };
      const res = await call('PUT', `/api/dashboards/${id}`, who.operator, {
        ...overview(),
        widgets: [badTree],
      });
      expect(res.statusCode).toBe(400);
      expect((res.json() as { error: { code: string } }).error.code).toBe('validation_failed');
    },
  );
});
