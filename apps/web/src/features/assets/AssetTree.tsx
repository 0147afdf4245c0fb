import type { AssetTree as TreeNode } from '@dtwin/contracts/assets';
import { useMemo, useRef, useState, type CSSProperties, type KeyboardEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { getAssetStatus } from './assets-api';
import { AssetStatusSummary } from './AssetStatusSummary';
import { treeKeyAction, type VisibleItem } from './tree-keys';
import './AssetTree.css';

interface AssetTreeProps {
  /** Read by screen readers: "Plant assets". */
  label: string;
  roots: readonly TreeNode[];
  /** The asset shown on the page, marked in the tree. */
  currentId?: string;
  /** List each asset's own devices under it (links to their pages). */
  showDevices?: boolean;
  /** Levels open at first (0: only the roots show). */
  openLevels?: number;
  /** Changes when the status should be fetched again (a socket reconnection, a refresh). */
  epoch?: number;
}

export const assetHref = (id: string) => `/assets/${encodeURIComponent(id)}`;
const deviceHref = (id: string) => `/devices/${encodeURIComponent(id)}`;
const assetKey = (id: string) => `a:${id}`;

interface Row extends VisibleItem {
  level: number;
  node: TreeNode | null;
  device: { id: string; name: string } | null;
}

function initiallyOpen(roots: readonly TreeNode[], levels: number): Set<string> {
  const open = new Set<string>();
  const walk = (node: TreeNode, level: number) => {
    if (level >= levels) return;
    open.add(assetKey(node.id));
    node.children.forEach((c) => walk(c, level + 1));
  };
  roots.forEach((r) => walk(r, 0));
  return open;
}

/**
 * The asset hierarchy as a collapsible tree (the WAI-ARIA tree view: one tab stop, arrows to move,
 * open and close, Enter to go to the asset), each asset with its subtree's rolled-up status.
 */
export function AssetTree({
  label,
  roots,
  currentId,
  showDevices = true,
  openLevels = 2,
  epoch = 0,
}: AssetTreeProps) {
  const navigate = useNavigate();
  const [open, setOpen] = useState(() => initiallyOpen(roots, openLevels));
  const [focused, setFocused] = useState<string | null>(null);
  const itemRefs = useRef(new Map<string, HTMLLIElement>());

  const rows = useMemo(() => {
    const out: Row[] = [];
    const walk = (node: TreeNode, level: number, parentKey: string | null) => {
      const key = assetKey(node.id);
      const devices = showDevices ? node.devices : [];
      const expandable = node.children.length + devices.length > 0;
      const expanded = expandable && open.has(key);
      out.push({ key, parentKey, expandable, expanded, level, node, device: null });
      if (!expanded) return;
      [...node.children].sort((a, b) => a.name.localeCompare(b.name)).forEach((c) => walk(c, level + 1, key));
      for (const d of devices)
        out.push({
          key: `d:${node.id}:${d.id}`,
          parentKey: key,
          expandable: false,
          expanded: false,
          level: level + 1,
          node: null,
          device: d,
        });
    };
    roots.forEach((r) => walk(r, 1, null));
    return out;
  }, [roots, open, showDevices]);

  // One tab stop: the focused row, else the current asset, else the first row.
  const tabStop =
    rows.find((r) => r.key === focused)?.key ??
    rows.find((r) => r.node !== null && r.node.id === currentId)?.key ??
    rows[0]?.key;

  function toggle(key: string, to?: boolean) {
    setOpen((current) => {
      const next = new Set(current);
      if (to ?? !next.has(key)) next.add(key);
      else next.delete(key);
      return next;
    });
  }

  function onKeyDown(event: KeyboardEvent<HTMLUListElement>) {
    if (!tabStop) return;
    const action = treeKeyAction(rows, tabStop, event.key);
    if (!action) return;
    event.preventDefault();
    if (action.kind === 'focus') {
      setFocused(action.key);
      itemRefs.current.get(action.key)?.focus();
    } else if (action.kind === 'expand') toggle(action.key, true);
    else if (action.kind === 'collapse') toggle(action.key, false);
    else {
      const row = rows.find((r) => r.key === action.key);
      if (row?.node) void navigate(assetHref(row.node.id));
      else if (row?.device) void navigate(deviceHref(row.device.id));
    }
  }

  // Rendered flat (aria-level, aria-setsize give the structure): simple to lay out on a phone.
  return (
    <ul className="asset-tree" role="tree" aria-label={label} onKeyDown={onKeyDown}>
      {rows.map((row) => {
        const siblings = rows.filter((r) => r.parentKey === row.parentKey);
        return (
          <li
            key={row.key}
            ref={(el) => {
              if (el) itemRefs.current.set(row.key, el);
              else itemRefs.current.delete(row.key);
            }}
            role="treeitem"
            aria-level={row.level}
            aria-setsize={siblings.length}
            aria-posinset={siblings.indexOf(row) + 1}
            aria-expanded={row.expandable ? row.expanded : undefined}
            aria-selected={row.node !== null && row.node.id === currentId}
            aria-labelledby={`${row.key}-label`}
            aria-describedby={row.node ? `${row.key}-status` : undefined}
            tabIndex={row.key === tabStop ? 0 : -1}
            onFocus={(e) => {
              if (e.target === e.currentTarget) setFocused(row.key);
            }}
            className="asset-tree__item"
            style={{ '--level': row.level - 1 } as CSSProperties}
            data-asset={row.node?.id}
          >
            <span className="asset-tree__row">
              {row.expandable ? (
                <button
                  type="button"
                  className="asset-tree__toggle"
                  tabIndex={-1}
                  aria-hidden="true"
                  onClick={() => toggle(row.key)}
                >
                  {row.expanded ? '▾' : '▸'}
                </button>
              ) : (
                <span className="asset-tree__toggle" aria-hidden="true" />
              )}
              {row.node ? (
                <>
                  <span className="asset-tree__name" id={`${row.key}-label`}>
                    <Link to={assetHref(row.node.id)} tabIndex={-1} className="asset-tree__link">
                      {row.node.name}
                    </Link>{' '}
                    <span className="asset-tree__type">{row.node.type}</span>
                  </span>
                  <span className="asset-tree__status" id={`${row.key}-status`}>
                    {row.node.status ? (
                      <AssetStatusSummary status={row.node.status} />
                    ) : (
                      <NodeStatus id={row.node.id} epoch={epoch} />
                    )}
                  </span>
                </>
              ) : (
                row.device && (
                  <span className="asset-tree__name" id={`${row.key}-label`}>
                    <span className="asset-tree__device-mark" aria-hidden="true" />
                    <Link to={deviceHref(row.device.id)} tabIndex={-1} className="asset-tree__link">
                      {row.device.name}
                    </Link>{' '}
                    <span className="asset-tree__type">device {row.device.id}</span>
                  </span>
                )
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** A node's rolled-up status, fetched when the node is shown (when the tree came without it). */
function NodeStatus({ id, epoch }: { id: string; epoch: number }) {
  const http = useHttp();
  const status = useQuery(['asset-status', id, epoch], (signal) => getAssetStatus(http, id, signal));
  if (status.data) return <AssetStatusSummary status={status.data} />;
  if (status.error !== null) return <span className="cell--muted">Status unavailable</span>;
  return <span className="cell--muted">…</span>;
}
