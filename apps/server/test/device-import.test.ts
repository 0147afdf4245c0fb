import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, type People } from './support/alerting';
import { postTelemetry } from './support/fleet';
import { dialects, startTestServer, type TestServer } from './support/server';

interface LineError {
  line: number;
  column: string | null;
  reason: string;
}

describe.each(dialects)('bulk provisioning from CSV on $name', ({ name, skip }) => {
  let server: TestServer;
  let who: People;

  const upload = (csv: string | Buffer, token = who.admin, contentType = 'text/csv') =>
    server.inject({
      method: 'POST',
      url: '/api/devices/import',
      token,
      headers: { 'content-type': contentType },
      payload: csv,
    });
  const lineErrors = (res: { json(): unknown }) =>
    (res.json() as { error: { code: string; message: string; lines: LineError[] } }).error;
  const deviceCount = async () => {
    const res = await server.inject({ method: 'GET', url: '/api/devices?limit=1', token: who.viewer });
    return (res.json() as { total: number }).total;
  };

  beforeAll(async () => {
    if (skip) return;
    server = await startTestServer(name);
    who = await people(server);
    const asset = await server.inject({
      method: 'POST',
      url: '/api/assets',
      token: who.admin,
      payload: { id: 'line-a', name: 'Line A', type: 'line' },
    });
    expect(asset.statusCode).toBe(201);
  });
  afterAll(async () => {
    if (!skip) await server.close();
  });

  it.skipIf(skip)('creates every device of the file and returns their tokens once, as CSV', async () => {
    const csv = [
      'id,name,model,asset_id,tags,site,zone,x,y,maintenance_mode',
      'PUMP_101,"Feed pump, north",centrifugal_pump,line-a,critical;water,Plant 1,Hall A,10,20,false',
      'TEMP_101,Hall thermometer,temperature_sensor,,,,,,,',
    ].join('\n');
    const res = await upload(csv);
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toBe('attachment; filename="device-tokens.csv"');
    const rows = parse(res.body, { columns: true }) as Array<{ id: string; name: string; token: string }>;
    expect(rows.map((r) => [r.id, r.name])).toEqual([
      ['PUMP_101', 'Feed pump, north'],
      ['TEMP_101', 'Hall thermometer'],
    ]);

    const pump = await server.inject({ method: 'GET', url: '/api/devices/PUMP_101', token: who.viewer });
    expect(pump.json()).toMatchObject({
      device: {
        model: 'centrifugal_pump',
        asset_id: 'line-a',
        tags: ['critical', 'water'],
        location: { site: 'Plant 1', zone: 'Hall A', x: 10, y: 20 },
      },
    });
    // The token works for ingestion: the device is real, with its twin.
    const ingest = await postTelemetry(server, 'TEMP_101', rows[1]!.token, { temperature: 21.5 });
    expect(ingest.statusCode).toBe(200);
    const audit = await server.inject({ method: 'GET', url: '/api/audit?limit=20', token: who.admin });
    expect(JSON.stringify(audit.json())).toContain('device.import');
    expect(audit.body).not.toContain(rows[0]!.token);
  });

  it.skipIf(skip)('imports nothing when any line is bad, and says which line, column and why', async () => {
    const before = await deviceCount();
    const csv = [
      'id,name,model,asset_id,x',
      'GOOD_1,Good one,centrifugal_pump,,',
      'BAD ID,Spaces,centrifugal_pump,,',
      'GOOD_2,Unknown model,warp_drive,,',
      'GOOD_3,No asset,centrifugal_pump,line-z,',
      'GOOD_4,Off the plan,centrifugal_pump,,250',
      'PUMP_101,Taken,centrifugal_pump,,',
      'GOOD_1,Twice,centrifugal_pump,,',
      'GOOD_5,,centrifugal_pump,,',
      'GOOD_6,Short line',
    ].join('\r\n');
    const res = await upload(csv);
    expect(res.statusCode).toBe(400);
    const error = lineErrors(res);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toBe('nothing was imported: 8 lines have errors');
    expect(error.lines.map((e) => [e.line, e.column])).toEqual([
      [3, 'id'],
      [4, 'model'],
      [5, 'asset_id'],
      [6, 'x'],
      [7, 'id'],
      [8, 'id'],
      [9, 'name'],
      [10, null],
    ]);
    expect(error.lines.find((e) => e.line === 4)?.reason).toBe("no device model 'warp_drive'");
    expect(error.lines.find((e) => e.line === 8)?.reason).toBe('the same id is on line 2');
    expect(await deviceCount()).toBe(before);
    const good = await server.inject({ method: 'GET', url: '/api/devices/GOOD_1', token: who.viewer });
    expect(good.statusCode).toBe(404);
  });

  it.skipIf(skip)(
    'refuses a bad header, an empty file, other roles, other content types and oversized files',
    async () => {
      const header = lineErrors(await upload('id,name,colour\nA,B,red'));
      expect(header.lines).toEqual([
        { line: 1, column: 'colour', reason: expect.stringContaining('unknown column') as string },
        { line: 1, column: 'model', reason: 'this column is required' },
      ]);
      expect(lineErrors(await upload('id,name,model\n')).lines).toEqual([
        { line: 2, column: null, reason: 'the file has no devices' },
      ]);
      expect(lineErrors(await upload('id,name,model\n"A,B,c\n')).lines[0]).toMatchObject({ column: null });
      expect((await upload('id,name,model\nX_1,X,centrifugal_pump', who.operator)).statusCode).toBe(403);
      expect((await upload('id,name,model\nX_1,X,centrifugal_pump', '')).statusCode).toBe(401);
      expect((await upload('{"id":"X"}', who.admin, 'application/json')).statusCode).toBe(400);
      expect((await upload('id,name,model', who.admin, 'text/plain')).statusCode).toBe(415);
      const big = `id,name,model\n${'X_1,X,centrifugal_pump\n'.repeat(50_000)}`;
      expect((await upload(big)).statusCode).toBe(413);
      const many = `id,name,model\n${Array.from({ length: 5001 }, (_, i) => `M_${i},M,centrifugal_pump`).join('\n')}`;
      expect(lineErrors(await upload(many)).lines).toEqual([
        { line: 5002, column: null, reason: 'at most 5000 devices per file' },
      ]);
    },
  );
});
