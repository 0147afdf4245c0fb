import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { pumpModel } from '../../test/device-fixtures';
import { mockApi, type RecordedRequest } from '../../test/fetch-mock';
import { adminMe } from '../../test/fixtures';
import { renderApp, signInAs } from '../../test/render-app';

describe('importing devices from CSV', { timeout: 20_000 }, () => {
  it('shows each bad line with its problem and content, and keeps the text to fix and send again', async () => {
    signInAs(adminMe);
    let attempt = 0;
    const api = mockApi({
      'GET /api/whoami': { body: adminMe },
      'GET /api/models': { body: { items: [pumpModel], total: 1 } },
      'GET /api/devices': { body: { items: [], total: 0 } },
      'POST /api/devices/import': (request: RecordedRequest) => {
        attempt += 1;
        expect(request.headers.get('content-type')).toBe('text/csv');
        return attempt === 1
          ? {
              status: 400,
              body: {
                error: {
                  code: 'validation_failed',
                  message: 'nothing was imported: 1 line has errors',
                  lines: [{ line: 3, column: 'model', reason: "no device model 'warp'" }],
                },
              },
            }
          : { status: 500, body: { error: { code: 'internal', message: 'internal error' } } };
      },
    });
    renderApp('/devices');
    await userEvent.click(await screen.findByRole('button', { name: 'Import CSV' }, { timeout: 10_000 }));
    const dialog = screen.getByRole('dialog', { name: 'Import devices from CSV' });
    const text = within(dialog).getByLabelText(/^Content/);
    await userEvent.type(text, 'id,name,model{enter}P_1,Pump,centrifugal_pump{enter}P_2,Other,warp');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Import' }));

    expect(await within(dialog).findByText('Nothing was imported: 1 line has errors')).toBeTruthy();
    const row = within(dialog).getByRole('row', { name: /no device model 'warp'/ });
    expect(within(row).getByText('3')).toBeTruthy();
    expect(within(row).getByText('model')).toBeTruthy();
    expect(within(row).getByText('P_2,Other,warp')).toBeTruthy();

    // A failure other than line errors is said in words, and the text stays to try again.
    await userEvent.click(within(dialog).getByRole('button', { name: 'Import' }));
    await waitFor(() => expect(api.calls('POST', '/api/devices/import')).toHaveLength(2));
    expect(await within(dialog).findByText('The file was not imported')).toBeTruthy();
    expect((text as HTMLTextAreaElement).value).toContain('P_2,Other,warp');
  });
});
