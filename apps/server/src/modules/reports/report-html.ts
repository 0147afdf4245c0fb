import { chartToSvg, escapeXml as esc, layoutChart, toneColors } from './report-charts';
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

const style = `
  @page { size: A4; margin: 16mm; }
  body { font: 10pt/1.4 Helvetica, Arial, sans-serif; color: #263238; margin: 24px auto; max-width: 960px; }
  h1 { font-size: 18pt; margin: 0; } h2 { font-size: 13pt; margin: 24px 0 8px; border-bottom: 1px solid #cfd8dc; }
  h3 { font-size: 11pt; margin: 16px 0 6px; }
  .meta { color: #546e7a; margin: 4px 0 16px; }
  .kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 8px; }
  .kpi { border: 1px solid #cfd8dc; border-left-width: 4px; padding: 6px 10px; break-inside: avoid; }
  .kpi b { display: block; font-size: 13pt; } .kpi span { color: #546e7a; font-size: 9pt; }
  table { border-collapse: collapse; width: 100%; margin: 4px 0 12px; font-size: 9pt; }
  th, td { border-bottom: 1px solid #eceff1; padding: 3px 6px; text-align: left; vertical-align: top; }
  th { background: #eceff1; } td.num, th.num { text-align: right; white-space: nowrap; }
  tr.warning td:first-child { border-left: 3px solid ${toneColors.warning}; }
  tr.critical td:first-child { border-left: 3px solid ${toneColors.critical}; }
  figure { margin: 8px 0 16px; break-inside: avoid; } figcaption { font-weight: bold; margin-bottom: 4px; }
  svg { max-width: 100%; height: auto; } .notes { color: #6d4c41; } .empty { color: #78909c; font-style: italic; }
  section.device { break-before: page; }
`;

function table(t: Table): string {
  if (t.rows.length === 0)
    return `${t.title ? `<h3>${esc(t.title)}</h3>` : ''}<p class="empty">${esc(t.empty)}</p>`;
  const cls = (i: number) => (t.numeric.includes(i) ? ' class="num"' : '');
  const head = t.columns.map((c, i) => `<th${cls(i)}>${esc(c)}</th>`).join('');
  const rows = t.rows
    .map(
      (r) =>
        `<tr${r.tone ? ` class="${r.tone}"` : ''}>${r.cells.map((c, i) => `<td${cls(i)}>${esc(c)}</td>`).join('')}</tr>`,
    )
    .join('');
  return `${t.title ? `<h3>${esc(t.title)}</h3>` : ''}<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

const figure = (c: ChartSpec) =>
  `<figure><figcaption>${esc(c.title)}</figcaption>${chartToSvg(layoutChart(c, 900, 220), c.title)}</figure>`;

/**
 * The report as one self-contained HTML file: inline styles and SVG charts, no scripts and no
 * external resources, so it reads the same offline, printed or archived.
 */
export function renderHtml(doc: ReportDocument): string {
  const kpis = doc.summary
    .map(
      (k) =>
        `<div class="kpi" style="border-left-color:${toneColors[k.tone]}"><span>${esc(k.label)}</span><b>${esc(k.value)}</b></div>`,
    )
    .join('');
  const notes = doc.notes.length
    ? `<ul class="notes">${doc.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`
    : '';
  const devices =
    doc.kind === 'device'
      ? doc.devices
          .map((d) => {
            const health = healthTable(d);
            return `<h2>Health and telemetry</h2>${health ? table(health) : '<p class="empty">No health score yet.</p>'}${table(metricTable(d))}${d.charts.map(figure).join('')}`;
          })
          .join('')
      : `<h2>Devices</h2>${table(fleetTable(doc))}`;
  const assetMetrics = assetMetricTable(doc);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(doc.title)}</title><style>${style}</style></head>
<body>
<header><h1>${esc(doc.title)}</h1><p class="meta">${esc(doc.subtitle)}<br>Period: ${esc(periodText(doc))}<br>Generated ${esc(utc(doc.generatedAt))}${doc.generatedBy ? ` for ${esc(doc.generatedBy)}` : ''} by Digital Twin</p></header>
<h2>Summary</h2><div class="kpis">${kpis}</div>${notes}
${doc.charts.map(figure).join('')}
${assetMetrics ? `<h2>Asset metrics</h2>${table(assetMetrics)}` : ''}
${devices}
<h2>Alerts</h2>${alertTables(doc).map(table).join('')}
<h2>Predictions</h2>${table(predictionTable(doc))}
<h2>Maintenance log</h2>${table(eventTable(doc))}
<h2>Recommendations</h2>${table(recommendationTable(doc))}
</body></html>
`;
}
