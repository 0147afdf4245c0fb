import type { Asset } from '@dtwin/contracts/assets';
import { Link } from 'react-router';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { assetHref } from './AssetTree';

export type AssetAction = 'edit' | 'add-child' | 'attach' | 'delete';

interface AssetHeaderProps {
  asset: Asset;
  /** From the top of the hierarchy down to the asset's parent. */
  ancestors: readonly Asset[];
  isAdmin: boolean;
  onAction: (action: AssetAction) => void;
}

/** Where the asset sits (breadcrumbs), what it is, its tags and properties, and the admins' actions. */
export function AssetHeader({ asset, ancestors, isAdmin, onAction }: AssetHeaderProps) {
  const properties = Object.entries(asset.properties);
  return (
    <header className="asset-header">
      <nav aria-label="Breadcrumb">
        <ol className="asset-header__crumbs">
          <li>
            <Link to="/assets">Assets</Link>
          </li>
          {ancestors.map((a) => (
            <li key={a.id}>
              <Link to={assetHref(a.id)}>{a.name}</Link>
            </li>
          ))}
          <li aria-current="page">{asset.name}</li>
        </ol>
      </nav>
      <div className="asset-header__main">
        <div className="asset-header__text">
          <h1 className="asset-header__title">{asset.name}</h1>
          <p className="asset-header__facts">
            <Badge tone="info">{asset.type}</Badge>
            <code>{asset.id}</code>
            {asset.tags.map((t) => (
              <Badge key={t}>{t}</Badge>
            ))}
          </p>
        </div>
        {isAdmin && (
          <div className="asset-header__actions">
            <Button size="sm" onClick={() => onAction('edit')}>
              Edit or move
            </Button>
            <Button size="sm" onClick={() => onAction('add-child')}>
              Add child asset
            </Button>
            <Button size="sm" onClick={() => onAction('attach')}>
              Attach device
            </Button>
            <Button size="sm" variant="danger" onClick={() => onAction('delete')}>
              Delete
            </Button>
          </div>
        )}
      </div>
      {properties.length > 0 && (
        <dl className="asset-header__properties" aria-label="Properties">
          {properties.map(([name, value]) => (
            <div key={name}>
              <dt>{name}</dt>
              <dd>{value === null ? '—' : String(value)}</dd>
            </div>
          ))}
        </dl>
      )}
    </header>
  );
}
