import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Button } from '../../components/Button';
import { EmptyState } from '../../components/EmptyState';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { TextField } from '../../components/TextField';
import { useHttp } from '../../lib/http-context';
import { withParams } from '../../lib/search-params';
import { useResyncEpoch, useSocketEvent } from '../../lib/socket-hooks';
import { useQuery } from '../../lib/use-query';
import { useCurrentUser } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import { ancestorsOf } from './asset-forest';
import { AssetDialog } from './AssetDialog';
import { AssetTree, assetHref } from './AssetTree';
import { listAssets } from './assets-api';
import { useAssetTrees } from './use-asset-trees';
import { useRefreshTick } from './use-refresh-tick';
import './AssetsPage.css';

/** The plant as a tree: every top-level asset with what is under it, each with its rolled-up status. */
export function AssetsPage() {
  const http = useHttp();
  const navigate = useNavigate();
  const isAdmin = hasRole(useCurrentUser().role, 'admin');
  const epoch = useResyncEpoch();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const [adding, setAdding] = useState(false);

  const { tick, bump } = useRefreshTick();
  useSocketEvent('alert', bump);
  const plant = useAssetTrees(null, epoch + tick);
  const matches = useQuery(['asset-search', q, epoch], (signal) =>
    q.trim() ? listAssets(http, { q: q.trim() }, signal) : Promise.resolve(null),
  );

  return (
    <>
      <PageHeader
        title="Assets"
        description="The plant as a hierarchy. Each asset shows the worst condition, the health and the alerts of everything under it."
        actions={
          isAdmin && (
            <Button variant="primary" onClick={() => setAdding(true)}>
              Add asset
            </Button>
          )
        }
      />
      <form className="toolbar" role="search" onSubmit={(e) => e.preventDefault()}>
        <TextField
          label="Find an asset"
          type="search"
          maxLength={120}
          value={q}
          placeholder="Name or ID"
          onChange={(e) => setParams(withParams(params, { q: e.target.value || null }), { replace: true })}
        />
      </form>
      {q.trim() && (
        <section className="panel" aria-labelledby="asset-matches-title">
          <h2 className="panel__title" id="asset-matches-title">
            Matching “{q.trim()}”
          </h2>
          <QueryView query={matches} errorTitle="Could not search the assets" loadingLabel="Searching…">
            {(found) =>
              found && found.length > 0 ? (
                <ul className="asset-matches">
                  {found.map((a) => (
                    <li key={a.id}>
                      <Link to={assetHref(a.id)}>{a.name}</Link> <span className="cell--muted">{a.type}</span>{' '}
                      <span className="cell--muted">
                        {ancestorsOf(plant.data?.assets ?? [], a.id)
                          .map((p) => p.name)
                          .join(' / ')}
                      </span>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="cell--muted">No asset matches.</p>
              )
            }
          </QueryView>
        </section>
      )}
      <QueryView query={plant} errorTitle="Could not load the assets" loadingLabel="Loading the assets…">
        {({ trees }) =>
          trees.length === 0 ? (
            <EmptyState title="No assets yet">
              <p>
                Assets model the plant: sites, areas, lines, machines.{' '}
                {isAdmin ? 'Add the first one.' : 'An administrator adds them.'}
              </p>
            </EmptyState>
          ) : (
            <section className="panel panel--flush">
              <AssetTree label="Plant assets" roots={trees} epoch={epoch} />
            </section>
          )
        }
      </QueryView>
      {adding && plant.data && (
        <AssetDialog
          assets={plant.data.assets}
          onClose={(saved) => {
            setAdding(false);
            if (saved) void navigate(assetHref(saved.id));
          }}
        />
      )}
    </>
  );
}
