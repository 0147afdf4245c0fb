import type { Widget } from '@dtwin/contracts/dashboards';
import { AlertListWidget } from './widgets/AlertListWidget';
import { AssetTreeWidget } from './widgets/AssetTreeWidget';
import { FloorPlanWidget } from './widgets/FloorPlanWidget';
import { GaugeWidget } from './widgets/GaugeWidget';
import { MarkdownWidget } from './widgets/MarkdownWidget';
import { StatusTableWidget } from './widgets/StatusTableWidget';
import { StatWidget } from './widgets/StatWidget';
import { TimeSeriesWidget } from './widgets/TimeSeriesWidget';

/** What a widget shows, by its type; `height` is the space under its title in pixels. */
export function WidgetBody({ widget, height }: { widget: Widget; height: number }) {
  switch (widget.type) {
    case 'timeseries':
      return <TimeSeriesWidget widget={widget} height={height} />;
    case 'stat':
      return <StatWidget widget={widget} />;
    case 'gauge':
      return <GaugeWidget widget={widget} />;
    case 'status_table':
      return <StatusTableWidget widget={widget} />;
    case 'alert_list':
      return <AlertListWidget widget={widget} />;
    case 'floor_plan':
      return <FloorPlanWidget />;
    case 'asset_tree':
      return <AssetTreeWidget widget={widget} />;
    case 'markdown':
      return <MarkdownWidget widget={widget} />;
  }
}
