import type { WidgetOf } from '@dtwin/contracts/dashboards';
import { useEffect, useState } from 'react';
import { EmptyState } from '../../../components/EmptyState';
import { ErrorBanner } from '../../../components/ErrorBanner';
import { useSocketEvent } from '../../../lib/socket-hooks';
import { AssetTree } from '../../assets/AssetTree';
import { useAssetTrees } from '../../assets/use-asset-trees';
import { useDashboardScope } from '../dashboard-context';
import './AssetTreeWidget.css';

/** The rolled-up status is recomputed by the server; the widget asks again this often. */
const REFRESH_MS = 30_000;

/** The asset hierarchy (under one asset, or the whole plant), each node with its rolled-up status. */
export function AssetTreeWidget({ widget }: { widget: WidgetOf<'asset_tree'> }) {
  const scope = useDashboardScope();
  const { asset, show_devices } = widget.options;
  const [tick, setTick] = useState(0);
  const plant = useAssetTrees(asset, scope.epoch);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') setTick((n) => n + 1);
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  // An alert raised or closed anywhere may change a node's roll-up.
  useSocketEvent('alert', () => setTick((n) => n + 1));

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
        openLevels={asset === null ? 2 : 1}
        epoch={scope.epoch + tick}
      />
    </div>
  );
}
