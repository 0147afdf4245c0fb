import type { Condition } from '@dtwin/contracts/devices';
import { useMemo } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { SelectField } from '../../components/SelectField';
import { useHttp } from '../../lib/http-context';
import { withParams } from '../../lib/search-params';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { subtreeIds } from '../assets/asset-forest';
import { AssetSelect, useAssets } from '../assets/AssetSelect';
import { conditionLabels } from '../devices/DeviceBadges';
import { listAllDevices } from '../devices/devices-api';
import { useFleetLive, withLive } from '../devices/fleet-live';
import { FloorPlan, FloorPlanLegend } from './FloorPlan';
import './FloorPlanPage.css';

const conditions: Condition[] = ['normal', 'warning', 'critical', 'maintenance'];

export function FloorPlanPage() {
  const http = useHttp();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const epoch = useResyncEpoch();
  // All devices, once: the site list comes from them and a site switch needs no request.
  const all = useQuery(['floor-plan', epoch], (signal) => listAllDevices(http, {}, signal));
  const live = useFleetLive();
  const assets = useAssets(epoch);
  const assetId = params.get('asset') ?? '';
  const asset = assets.data?.find((a) => a.id === assetId);
  // The chosen asset and everything under it.
  const inAsset = useMemo(
    () => (assetId && assets.data ? subtreeIds(assets.data, assetId) : null),
    [assetId, assets.data],
  );

  const sites = useMemo(
    () => [...new Set((all.data ?? []).map((d) => d.location.site).filter(Boolean))].sort(),
    [all.data],
  );
  const site = params.get('site') ?? (sites.length === 1 ? (sites[0] ?? '') : '');
  const devices = useMemo(
    () =>
      (all.data ?? [])
        .filter((d) => !site || d.location.site === site)
        .filter((d) => !inAsset || (d.asset_id !== null && inAsset.has(d.asset_id)))
        .map((d) => withLive(d, live.get(d.id))),
    [all.data, site, live, inAsset],
  );

  const counts = conditions.map((c) => ({
    condition: c,
    n: devices.filter((d) => d.condition === c).length,
  }));
  const offline = devices.filter((d) => d.connectivity === 'offline').length;
  const unplaced = devices.filter((d) => d.location.x === null || d.location.y === null);

  return (
    <>
      <PageHeader
        title="Floor plan"
        description="Where each device stands, coloured by its condition, live. Select a device to open it."
      />
      <div className="toolbar">
        <SelectField
          label="Site"
          value={site}
          options={[{ value: '', label: 'All sites' }, ...sites.map((s) => ({ value: s, label: s }))]}
          onChange={(e) => setParams(withParams(params, { site: e.target.value || null }))}
        />
        <AssetSelect
          label="Asset"
          none="Whole plant"
          assets={assets.data}
          failed={assets.error !== null && !assets.data}
          value={assetId}
          onChange={(e) => setParams(withParams(params, { asset: e.target.value || null }))}
        />
        {all.data && (
          <p className="fp-summary" aria-live="polite">
            {devices.length} devices:{' '}
            {counts
              .filter((c) => c.n > 0)
              .map((c) => `${c.n} ${conditionLabels[c.condition].toLowerCase()}`)
              .join(', ')}
            {offline > 0 && ` · ${offline} offline`}
          </p>
        )}
        <FloorPlanLegend />
      </div>
      <QueryView query={all} errorTitle="Could not load the devices" loadingLabel="Loading the floor plan…">
        {() =>
          devices.length === 0 ? (
            <EmptyState
              title={
                asset
                  ? `No devices under ${asset.name}${site ? ` at ${site}` : ''}`
                  : site
                    ? `No devices at ${site}`
                    : 'No devices yet'
              }
            />
          ) : (
            <>
              <FloorPlan
                devices={devices}
                onOpen={(id) => void navigate(`/devices/${encodeURIComponent(id)}`)}
              />
              {unplaced.length > 0 && (
                <section className="panel fp-unplaced" aria-labelledby="fp-unplaced-title">
                  <h2 className="panel__title" id="fp-unplaced-title">
                    Not on the plan ({unplaced.length})
                  </h2>
                  <p className="cell--muted">These devices have no floor-plan position (x and y) yet.</p>
                  <ul className="plain-list">
                    {unplaced.map((d) => (
                      <li key={d.id}>
                        <Link to={`/devices/${encodeURIComponent(d.id)}`}>{d.name}</Link> <code>{d.id}</code>{' '}
                        — {conditionLabels[d.condition]}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
            </>
          )
        }
      </QueryView>
    </>
  );
}
