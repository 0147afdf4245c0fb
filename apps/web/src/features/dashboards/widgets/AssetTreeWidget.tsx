import type { WidgetOf } from '@dtwin/contracts/dashboards';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { useSocketEvent } from '../../../lib/socket-hooks';
import { AssetTree } from '../../assets/AssetTree';
import { useAssetTrees } from '../../assets/use-asset-trees';
import { useRefreshTick } from '../../assets/use-refresh-tick';
import { useDashboardScope } from '../dashboard-context';
import './AssetTreeWidget.css';

/** The asset hierarchy (under one asset, or the whole plant), each node with its rolled-up status. */
export function AssetTreeWidget({ widget }: { widget: WidgetOf<'asset_tree'> }) {
  const scope = useDashboardScope();
  const { asset, show_devices } = widget.options;
  const { tick, bump } = useRefreshTick();
  const plant = useAssetTrees(asset, scope.epoch + tick);
  // An alert raised or closed anywhere may change a node's roll-up.
  useSocketEvent('alert', bump);

  if (plant.error !== null)
    return <ErrorBanner title="Could not load the assets" error={plant.error} onRetry={plant.reload} />;
  if (!plant.data)
    return (
      <p className="dash-widget__placeholder" role="status">
        Loading the assets…
      </p>
    );
  if (plant.data.trees.length === 0) return <EmptyState title="No assets yet" />;
  return (
    <div className="asset-tree-widget">
      <AssetTree
        label={widget.options.title || 'Asset tree'}
        roots={plant.data.trees}
        showDevices={show_devices}
        openLevels={2}
        epoch={scope.epoch + tick}
      />
    </div>
  );
}
