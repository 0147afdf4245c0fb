import PDFDocument from 'pdfkit';
import { layoutChart, toneColors, type ChartLayout } from './report-charts';
import type { ChartSpec, ReportDocument } from './report-model';
import {
  alertTables,
  assetMetricTable,
  fleetTable,
  healthTable,
  metricTable,
  periodText,
  predictionTable,
  eventTable,
  recommendationTable,
  utc,
  type Table,
} from './report-text';

type Doc = PDFKit.PDFDocument;

const MARGIN = 40;
const INK = '#263238';
const MUTED = '#546e7a';

/** The built-in PDF fonts speak Windows-1252; anything else would print as garbage, so it becomes '?'. */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export function pdfText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 63;
    out +=
      (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.includes(ch)
        ? ch
        : '?';
  }
  return out;
}

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - MARGIN) doc.addPage();
}

function heading(doc: Doc, text: string, size: number): void {
  ensureRoom(doc, size * 3);
  doc.moveDown(0.6).font('Helvetica-Bold').fontSize(size).fillColor(INK).text(pdfText(text), MARGIN);
  doc.moveDown(0.3).font('Helvetica').fontSize(9);
}

function drawChart(doc: Doc, layout: ChartLayout, x0: number, y0: number): void {
  for (const s of layout.shapes) {
    doc.save();
    switch (s.kind) {
      case 'rect':
        doc
          .rect(x0 + s.x, y0 + s.y, s.w, s.h)
          .fillOpacity(s.opacity)
          .fill(s.fill);
        break;
      case 'area':
        if (s.points.length > 2)
          doc
            .polygon(...s.points.map(([px, py]): [number, number] => [x0 + px, y0 + py]))
            .fillOpacity(s.opacity)
            .fill(s.fill);
        break;
      case 'path': {
        const [first, ...rest] = s.points;
        if (!first) break;
        doc.moveTo(x0 + first[0], y0 + first[1]);
        for (const [px, py] of rest) doc.lineTo(x0 + px, y0 + py);
        if (rest.length === 0) doc.lineTo(x0 + first[0] + 0.5, y0 + first[1]);
        doc.lineWidth(s.width).strokeColor(s.stroke).stroke();
        break;
      }
      case 'line':
        doc
          .moveTo(x0 + s.x1, y0 + s.y1)
          .lineTo(x0 + s.x2, y0 + s.y2)
          .lineWidth(s.width)
          .strokeColor(s.stroke);
        if (s.dash) doc.dash(2, { space: 2 });
        doc.stroke().undash();
        break;
      case 'text': {
        const text = pdfText(s.text);
        doc.font('Helvetica').fontSize(s.size).fillColor(s.fill);
        const w = doc.widthOfString(text);
        const x = s.anchor === 'end' ? s.x - w : s.anchor === 'middle' ? s.x - w / 2 : s.x;
        doc.text(text, x0 + x, y0 + s.y - s.size * 0.8, { lineBreak: false });
        break;
      }
    }
    doc.restore();
  }
}

function chart(doc: Doc, spec: ChartSpec): void {
  const width = doc.page.width - 2 * MARGIN;
  const layout = layoutChart(spec, width, 170);
  ensureRoom(doc, layout.height + 24);
  doc.font('Helvetica-Bold').fontSize(9).fillColor(INK).text(pdfText(spec.title), MARGIN);
  const top = doc.y + 2;
  drawChart(doc, layout, MARGIN, top);
  doc.x = MARGIN;
  doc.y = top + layout.height + 8;
}

/**
 * Every column gets at least its longest word (so numbers and ids never break mid-word), and the
 * rest of the width goes to the columns whose text is long, in proportion to how long.
 */
function columnWidths(doc: Doc, t: Table, total: number, size = 8): { widths: number[]; fits: boolean } {
  // Headers are drawn bold, cells regular; a non-breaking space keeps "42 %" together.
  const measure = (text: string, bold: boolean) =>
    doc
      .font(bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(size)
      .widthOfString(text) + 8;
  const texts = (i: number) => [
    { text: t.columns[i] ?? '', bold: true },
    ...t.rows.map((r) => ({ text: r.cells[i] ?? '', bold: false })),
  ];
  const natural = t.columns.map((_, i) => Math.max(...texts(i).map((c) => measure(c.text, c.bold))));
  const minimum = t.columns.map((_, i) =>
    Math.min(
      natural[i]!,
      Math.max(...texts(i).flatMap((c) => c.text.split(/[ \t\n]+/).map((w) => measure(w, c.bold)))),
    ),
  );
  const sumNatural = natural.reduce((a, b) => a + b, 0);
  if (sumNatural <= total) return { widths: natural.map((w) => (w / sumNatural) * total), fits: true };
  const sumMinimum = minimum.reduce((a, b) => a + b, 0);
  if (sumMinimum >= total) return { widths: minimum.map((w) => (w / sumMinimum) * total), fits: false };
  const slack = natural.map((w, i) => w - minimum[i]!);
  const sumSlack = slack.reduce((a, b) => a + b, 0);
  return { widths: minimum.map((w, i) => w + ((total - sumMinimum) * slack[i]!) / sumSlack), fits: true };
}

/**
 * The table's font size and column widths: 8 pt, or smaller until every column holds its
 * longest word, so no word is broken ("mediu/m").
 */
function tableLayout(doc: Doc, t: Table, total: number): { size: number; widths: number[] } {
  let layout = columnWidths(doc, t, total, 8);
  let size = 8;
  while (!layout.fits && size > 5) {
    size -= 0.5;
    layout = columnWidths(doc, t, total, size);
  }
  return { size, widths: layout.widths };
}

function table(doc: Doc, t: Table): void {
  if (t.title) heading(doc, t.title, 10);
  if (t.rows.length === 0) {
    doc.font('Helvetica-Oblique').fontSize(9).fillColor(MUTED).text(pdfText(t.empty), MARGIN);
    return;
  }
  const total = doc.page.width - 2 * MARGIN;
  const { size, widths } = tableLayout(
    doc,
    { ...t, columns: t.columns.map(pdfText), rows: t.rows.map((r) => ({ cells: r.cells.map(pdfText) })) },
    total,
  );
  const font = (bold: boolean) => doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(size);
  const row = (cells: string[], bold: boolean, tone?: string) => {
    font(bold);
    const texts = cells.map(pdfText);
    const height =
      Math.max(...texts.map((c, i) => doc.heightOfString(c, { width: (widths[i] ?? 40) - 6 }))) + 5;
    if (doc.y + height > doc.page.height - MARGIN) {
      doc.addPage();
      if (!bold) row(t.columns, true);
      // The repeated header left the font bold; this row is drawn in its own.
      font(bold);
    }
    const top = doc.y;
    if (bold) doc.rect(MARGIN, top, total, height).fill('#eceff1');
    if (tone) doc.rect(MARGIN, top, 2.5, height).fill(tone);
    let x = MARGIN;
    texts.forEach((c, i) => {
      const w = widths[i] ?? 40;
      doc
        .fillColor(INK)
        .text(c, x + 3, top + 2.5, { width: w - 6, align: t.numeric.includes(i) ? 'right' : 'left' });
      x += w;
    });
    doc
      .moveTo(MARGIN, top + height)
      .lineTo(MARGIN + total, top + height)
      .lineWidth(0.3)
      .strokeColor('#cfd8dc')
      .stroke();
    doc.x = MARGIN;
    doc.y = top + height;
  };
  row(t.columns, true);
  for (const r of t.rows)
    row(r.cells, false, r.tone && r.tone !== 'neutral' && r.tone !== 'good' ? toneColors[r.tone] : undefined);
  doc.moveDown(0.5);
}

function summary(doc: Doc, report: ReportDocument): void {
  const perRow = 3;
  const gap = 8;
  const w = (doc.page.width - 2 * MARGIN - gap * (perRow - 1)) / perRow;
  const h = 38;
  report.summary.forEach((k, i) => {
    if (i % perRow === 0) {
      if (i > 0) doc.y += h + gap;
      ensureRoom(doc, h + gap);
    }
    const x = MARGIN + (i % perRow) * (w + gap);
    const y = doc.y;
    doc.rect(x, y, w, h).lineWidth(0.5).strokeColor('#cfd8dc').stroke();
    doc.rect(x, y, 3, h).fill(toneColors[k.tone]);
    doc
      .font('Helvetica')
      .fontSize(8)
      .fillColor(MUTED)
      .text(pdfText(k.label), x + 8, y + 5, { width: w - 12, lineBreak: false });
    doc
      .font('Helvetica-Bold')
      .fontSize(11)
      .fillColor(INK)
      .text(pdfText(k.value), x + 8, y + 18, { width: w - 12, lineBreak: false, ellipsis: true });
    doc.y = y;
  });
  doc.x = MARGIN;
  doc.y += h + gap;
}

/** The report as a PDF (A4), drawn with PDFKit's vector primitives; resolves with the file's bytes. */
export function renderPdf(report: ReportDocument): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: pdfText(report.title),
      Author: 'Digital Twin',
      Subject: pdfText(`${report.subtitle}, ${periodText(report)}`),
      CreationDate: new Date(report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('Helvetica-Bold').fontSize(18).fillColor(INK).text(pdfText(report.title));
  doc.font('Helvetica').fontSize(9).fillColor(MUTED);
  doc.text(pdfText(report.subtitle)).text(pdfText(`Period: ${periodText(report)}`));
  doc.text(
    pdfText(
      `Generated ${utc(report.generatedAt)}${report.generatedBy ? ` for ${report.generatedBy}` : ''} by Digital Twin`,
    ),
  );
  heading(doc, 'Summary', 13);
  summary(doc, report);
  for (const note of report.notes)
    doc
      .font('Helvetica')
      .fontSize(8.5)
      .fillColor('#6d4c41')
      .text(pdfText(`• ${note}`), MARGIN);
  for (const spec of report.charts) chart(doc, spec);
  const assetMetrics = assetMetricTable(report);
  if (assetMetrics) {
    heading(doc, 'Asset metrics', 13);
    table(doc, assetMetrics);
  }

  if (report.kind === 'device') {
    for (const d of report.devices) {
      heading(doc, 'Health and telemetry', 13);
      const health = healthTable(d);
      if (health) table(doc, health);
      table(doc, metricTable(d));
      for (const spec of d.charts) chart(doc, spec);
    }
  } else {
    heading(doc, 'Devices', 13);
    table(doc, fleetTable(report));
  }
  heading(doc, 'Alerts', 13);
  for (const t of alertTables(report)) table(doc, t);
  heading(doc, 'Predictions', 13);
  table(doc, predictionTable(report));
  heading(doc, 'Maintenance log', 13);
  table(doc, eventTable(report));
  heading(doc, 'Recommendations', 13);
  table(doc, recommendationTable(report));

  const pages = doc.bufferedPageRange();
  for (let i = 0; i < pages.count; i += 1) {
    doc.switchToPage(pages.start + i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing in the margin must not start a new page
    doc.font('Helvetica').fontSize(7.5).fillColor(MUTED);
    doc.text(pdfText(`${report.title} · page ${i + 1} of ${pages.count}`), MARGIN, doc.page.height - 28, {
      width: doc.page.width - 2 * MARGIN,
      align: 'center',
      lineBreak: false,
    });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
