import type { AssetTree as TreeNode } from '@dtwin/contracts/assets';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { isApiError } from '../../lib/api-error';
import { useHttp } from '../../lib/http-context';
import { useResyncEpoch, useSocketEvent } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { useCurrentUser } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import { ancestorsOf } from './asset-forest';
import { AssetAlertsPanel } from './AssetAlertsPanel';
import { AssetDialog } from './AssetDialog';
import { AssetHeader, type AssetAction } from './AssetHeader';
import { AssetStatusPanel } from './AssetStatusPanel';
import { AssetTree, assetHref } from './AssetTree';
import { attachDevice, getAsset, getAssetStatus, getAssetTree, listAssets } from './assets-api';
import { AttachDeviceDialog } from './AttachDeviceDialog';
import { ComputedMetricsPanel } from './ComputedMetricsPanel';
import { DeleteAssetDialog } from './DeleteAssetDialog';
import { useRefreshTick } from './use-refresh-tick';
import './AssetsPage.css';

/** Every device under `node`, its own and its descendants', id → name. */
function subtreeDevices(node: TreeNode, into = new Map<string, string>()): Map<string, string> {
  for (const d of node.devices) into.set(d.id, d.name);
  node.children.forEach((c) => subtreeDevices(c, into));
  return into;
}

/** `node` and every asset under it, id → name. */
function subtreeAssets(node: TreeNode, into = new Map<string, string>()): Map<string, string> {
  into.set(node.id, node.name);
  node.children.forEach((c) => subtreeAssets(c, into));
  return into;
}

/** One asset: its rolled-up status, children, devices and open alerts; admins edit the hierarchy here. */
export function AssetPage() {
  const { id = '' } = useParams();
  const http = useHttp();
  const navigate = useNavigate();
  const role = useCurrentUser().role;
  const isAdmin = hasRole(role, 'admin');
  const epoch = useResyncEpoch();
  // Bumped after every change made here, so everything below is fetched again.
  const [version, setVersion] = useState(0);
  const { tick: refresh, bump } = useRefreshTick();
  const changed = () => setVersion((v) => v + 1);
  const [action, setAction] = useState<AssetAction | null>(null);
  const [detachError, setDetachError] = useState<unknown>(null);

  const asset = useQuery(['asset', id, epoch, version], (signal) => getAsset(http, id, signal));
  const assets = useQuery(['assets', id, epoch, version], (signal) => listAssets(http, {}, signal));
  const tree = useQuery(['asset-tree', id, epoch, version, refresh], (signal) =>
    getAssetTree(http, id, signal),
  );
  const status = useQuery(['asset-status', id, epoch, version, refresh], (signal) =>
    getAssetStatus(http, id, signal),
  );
  const devices = useMemo(
    () => (tree.data ? subtreeDevices(tree.data) : new Map<string, string>()),
    [tree.data],
  );

  const subtree = useMemo(
    () => (tree.data ? subtreeAssets(tree.data) : new Map<string, string>()),
    [tree.data],
  );

  // The alerts panel keeps the page in the fleet room, where every alert change is announced.
  useSocketEvent('alert', (event) => {
    if (devices.has(event.alert.device_id) || subtree.has(event.alert.device_id)) bump();
  });

  if (isApiError(asset.error) && asset.error.status === 404) {
    return (
      <EmptyState title={`There is no asset ${id}`}>
        <p>
          It may have been deleted. The <Link to="/assets">asset tree</Link> shows the ones that exist.
        </p>
      </EmptyState>
    );
  }
  if (asset.data === undefined) {
    return asset.error !== null ? (
      <ErrorBanner title="Could not load the asset" error={asset.error} onRetry={asset.reload} />
    ) : (
      <LoadingState label="Loading the asset…" />
    );
  }

  const a = asset.data;
  const all = assets.data ?? [];
  const own = tree.data?.devices ?? [];

  async function detach(deviceId: string) {
    setDetachError(null);
    try {
      await attachDevice(http, deviceId, null);
      changed();
    } catch (error) {
      setDetachError(error);
    }
  }

  return (
    <>
      <AssetHeader asset={a} ancestors={ancestorsOf(all, a.id)} isAdmin={isAdmin} onAction={setAction} />
      {status.error !== null && (
        <ErrorBanner title="Could not load the status" error={status.error} onRetry={status.reload} />
      )}
      {status.data ? <AssetStatusPanel status={status.data} /> : status.loading && <LoadingState />}
      {tree.error !== null && (
        <ErrorBanner
          title="Could not load what is under the asset"
          error={tree.error}
          onRetry={tree.reload}
        />
      )}
      <div className="asset-columns">
        <section className="panel" aria-labelledby="asset-children-title">
          <h2 className="panel__title" id="asset-children-title">
            Children ({tree.data?.children.length ?? '…'})
          </h2>
          {tree.data &&
            (tree.data.children.length === 0 ? (
              <p className="cell--muted">No assets under this one.</p>
            ) : (
              <AssetTree
                label={`Assets under ${a.name}`}
                roots={tree.data.children}
                showDevices={false}
                openLevels={0}
                epoch={epoch + version + refresh}
              />
            ))}
        </section>
        <section className="panel" aria-labelledby="asset-devices-title">
          <h2 className="panel__title" id="asset-devices-title">
            Devices ({own.length} here, {devices.size} in all)
          </h2>
          {detachError !== null && (
            <ErrorBanner
              title="The device was not detached"
              error={detachError}
              onDismiss={() => setDetachError(null)}
            />
          )}
          {tree.data &&
            (own.length === 0 ? (
              <p className="cell--muted">
                No device is attached to this asset itself
                {devices.size > 0 ? '; its children have some.' : '.'}
              </p>
            ) : (
              <ul className="asset-devices">
                {own.map((d) => (
                  <li key={d.id}>
                    <Link to={`/devices/${encodeURIComponent(d.id)}`}>{d.name}</Link> <code>{d.id}</code>
                    {isAdmin && (
                      <Button
                        size="sm"
                        variant="ghost"
                        onClick={() => void detach(d.id)}
                        aria-label={`Detach ${d.name}`}
                      >
                        Detach
                      </Button>
                    )}
                  </li>
                ))}
              </ul>
            ))}
          {devices.size > 0 && (
            <p className="asset-devices__more">
              <Link to={`/floor-plan?asset=${encodeURIComponent(a.id)}`}>Show them on the floor plan</Link>
            </p>
          )}
        </section>
      </div>
      <ComputedMetricsPanel key={a.id} subject={{ kind: 'asset', id: a.id }} canEdit={isAdmin} />
      {tree.data && (
        <AssetAlertsPanel
          assetId={a.id}
          devices={devices}
          assets={subtree}
          canAct={hasRole(role, 'operator')}
        />
      )}

      {(action === 'edit' || action === 'add-child') && (
        <AssetDialog
          assets={all}
          editing={action === 'edit' ? a : undefined}
          parentId={action === 'add-child' ? a.id : undefined}
          onClose={(saved) => {
            setAction(null);
            if (saved && action === 'add-child') void navigate(assetHref(saved.id));
            else if (saved) changed();
          }}
        />
      )}
      {action === 'attach' && (
        <AttachDeviceDialog
          asset={a}
          assets={all}
          onClose={(attached) => {
            setAction(null);
            if (attached) changed();
          }}
        />
      )}
      {action === 'delete' && (
        <DeleteAssetDialog
          asset={a}
          onCancel={() => setAction(null)}
          onDeleted={() => void navigate(a.parent_id ? assetHref(a.parent_id) : '/assets')}
        />
      )}
    </>
  );
}
