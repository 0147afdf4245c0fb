import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { mockApi } from '../../test/fetch-mock';
import { viewerMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';

const doc = {
  openapi: '3.1.0',
  info: { title: 'Digital Twin API' },
  paths: {
    '/api/devices': {
      get: {
        tags: ['devices'],
        summary: 'Devices, paged',
        responses: {
          200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/DeviceList' } } } },
        },
      },
      post: { tags: ['devices'], summary: 'Register a device', responses: { 201: {} } },
    },
    '/api/alerts/bulk': {
      post: { tags: ['alerts'], summary: 'Acknowledge many alerts', responses: { 200: {} } },
    },
  },
  components: {
    schemas: {
      DeviceList: { type: 'object', properties: { items: { type: 'array' }, total: { type: 'integer' } } },
    },
  },
};

describe('API reference page', () => {
  it('lists every endpoint by area, filters them and shows a referenced shape', async () => {
    signInAs(viewerMe);
    mockApi({ 'GET /api/whoami': { body: viewerMe }, 'GET /api/docs': { body: doc } });
    const { user } = renderApp('/api');

    const devices = await screen.findByRole('region', { name: 'devices endpoints' });
    expect(within(devices).getByText('Devices, paged')).toBeTruthy();
    expect(within(devices).getByText('Register a device')).toBeTruthy();
    expect(screen.getByRole('region', { name: 'alerts endpoints' })).toBeTruthy();

    await user.click(within(devices).getByText('Devices, paged'));
    await user.click(within(devices).getByText('DeviceList'));
    expect(within(devices).getByText(/"total"/)).toBeTruthy();

    await user.type(screen.getByLabelText('Filter'), 'bulk');
    expect(screen.queryByRole('region', { name: 'devices endpoints' })).toBeNull();
    expect(screen.getByText('Acknowledge many alerts')).toBeTruthy();
  });
});
