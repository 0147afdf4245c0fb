import type { Widget, WidgetType } from '@dtwin/contracts/dashboards';

export const widgetTypeLabels: Record<WidgetType, string> = {
  timeseries: 'Time series',
  stat: 'Single value',
  gauge: 'Gauge',
  status_table: 'Status table',
  alert_list: 'Alert list',
  floor_plan: 'Floor plan',
  asset_tree: 'Asset tree',
  markdown: 'Text (Markdown)',
};

/** The size a new widget of each type starts with (12 columns, rows of 40 px). */
export const defaultSizes: Record<WidgetType, { w: number; h: number }> = {
  timeseries: { w: 6, h: 7 },
  stat: { w: 3, h: 4 },
  gauge: { w: 3, h: 5 },
  status_table: { w: 6, h: 6 },
  alert_list: { w: 4, h: 6 },
  floor_plan: { w: 6, h: 8 },
  asset_tree: { w: 6, h: 8 },
  markdown: { w: 4, h: 4 },
};

export function widgetTitle(widget: Widget): string {
  return widget.options.title || widgetTypeLabels[widget.type];
}
