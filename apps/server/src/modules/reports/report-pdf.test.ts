import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ReportDocument } from './report-model';
import { renderPdf } from './report-pdf';

/** Each piece of text PDFKit drew, with the font it was drawn in (resolved to its base name). */
function drawnText(pdf: Buffer): Array<{ text: string; font: string }> {
  const body = pdf.toString('latin1');
  const baseFonts = new Map<string, string>();
  for (const m of body.matchAll(/(\d+) 0 obj\s*<<[^>]*?\/BaseFont \/([\w-]+)/g)) baseFonts.set(m[1]!, m[2]!);
  const names = new Map<string, string>();
  for (const m of body.matchAll(/\/(F\d+) (\d+) 0 R/g)) names.set(m[1]!, baseFonts.get(m[2]!) ?? m[1]!);
  const out: Array<{ text: string; font: string }> = [];
  for (const m of body.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    let content: string;
    try {
      content = zlib.inflateSync(Buffer.from(m[1]!, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    let font = '';
    for (const op of content.matchAll(/\/(F\d+) [\d.]+ Tf|\[([^\]]*)\]\s*TJ/g)) {
      if (op[1]) font = names.get(op[1]) ?? op[1];
      else {
        const hex = [...op[2]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join('');
        out.push({ text: Buffer.from(hex, 'hex').toString('latin1'), font });
      }
    }
  }
  return out;
}

function documentWith(recommendations: ReportDocument['recommendations']): ReportDocument {
  return {
    kind: 'fleet',
    title: 'Fleet report',
    subtitle: 'Test plant',
    period: { from: Date.parse('2026-12-01T00:00:00Z'), to: Date.parse('2026-12-02T00:00:00Z') },
    generatedAt: Date.parse('2026-12-02T00:00:00Z'),
    generatedBy: 'test',
    summary: [],
    notes: [],
    charts: [],
    devices: [],
    alerts: {
      total: 0,
      bySeverity: { info: 0, warning: 0, critical: 0 },
      byState: {},
      topRules: [],
      meanMinutesToAck: null,
      recent: [],
    },
    predictions: [],
    events: [],
    recommendations,
    available: { health: false, predictions: false, recommendations: true },
  } as unknown as ReportDocument;
}

describe('the PDF report', () => {
  const rows = Array.from({ length: 120 }, (_, i) => ({
    deviceId: `DEVICE_${String(i).padStart(3, '0')}`,
    type: 'operational',
    priority: 'medium',
    title: `Check the bearing lubrication of pump ${i}`,
    action: 'Inspect and regrease the drive-end bearing within the next maintenance window',
    timeframe: 'this_week',
    status: 'open',
  }));

  it('draws the rows after a page break in the regular font, only the repeated header bold', async () => {
    const drawn = drawnText(await renderPdf(documentWith(rows)));
    const cells = drawn.filter((d) => /^DEVICE_\d{3}$/.test(d.text));
    expect(cells.length).toBe(120);
    expect(cells.filter((c) => c.font !== 'Helvetica').map((c) => c.text)).toEqual([]);
    const headers = drawn.filter((d) => d.text === 'Priority');
    expect(headers.length).toBeGreaterThan(1);
    expect(headers.every((h) => h.font === 'Helvetica-Bold')).toBe(true);
  });

  it('never breaks a word across lines, even when the columns are crowded', async () => {
    const crowded = rows.slice(0, 5).map((r) => ({
      ...r,
      deviceId: 'COMPRESSOR_STATION_NORTH_07',
      type: 'operational',
      title: 'Counterbalancing reassessment',
      action: 'Recommissioning afterwards',
      timeframe: 'immediately',
    }));
    const drawn = drawnText(await renderPdf(documentWith(crowded))).map((d) => d.text);
    for (const word of [
      'medium',
      'operational',
      'COMPRESSOR_STATION_NORTH_07',
      'Counterbalancing',
      'Recommissioning',
    ])
      expect(
        drawn.filter((t) => t.split(/\s+/).includes(word)),
        word,
      ).toHaveLength(5);
  });
});
