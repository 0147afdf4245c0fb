import { describe, expect, it } from 'vitest';
import { parseDashboardFile } from './dashboard-file';

describe('importing a dashboard file', () => {
  it('reads an exported dashboard, ignoring who owned it', () => {
    const exported = {
      id: 'abc',
      owner: 'someone',
      name: 'Line A',
      shared: true,
      time_range: '6h',
      variables: [],
      widgets: [{ id: 'n', x: 0, y: 0, w: 4, h: 3, type: 'markdown', options: { title: '', text: 'hi' } }],
    };
    const body = parseDashboardFile(JSON.stringify(exported));
    expect(body).toEqual({
      name: 'Line A',
      shared: true,
      time_range: '6h',
      variables: [],
      widgets: exported.widgets,
    });
  });

  it('says why a file is not a dashboard', () => {
    expect(() => parseDashboardFile('{not json')).toThrow('This file is not JSON.');
    expect(() => parseDashboardFile(JSON.stringify({ name: 'x', widgets: [{ type: 'iframe' }] }))).toThrow(
      /not a dashboard file: widgets\.0/,
    );
  });
});
