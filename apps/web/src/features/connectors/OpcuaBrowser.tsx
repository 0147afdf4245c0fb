import type { OpcuaBrowseItem } from '@dtwin/contracts/connectors-opcua';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useQuery } from '../../lib/use-query';
import { browseConnector } from './connectors-api';

interface OpcuaBrowserProps {
  connectorId: string;
  /** A variable picked: the form adds a mapping for it. */
  onPick: (item: OpcuaBrowseItem) => void;
}

/** The OPC UA server's address space as a tree, opened one level at a time; variables can be picked. */
export function OpcuaBrowser({ connectorId, onPick }: OpcuaBrowserProps) {
  return (
    <div className="connectors__browser" aria-label="OPC UA address space">
      <NodeChildren connectorId={connectorId} onPick={onPick} />
    </div>
  );
}

function NodeChildren({ connectorId, nodeId, onPick }: OpcuaBrowserProps & { nodeId?: string }) {
  const http = useHttp();
  const children = useQuery(['opcua-browse', connectorId, nodeId ?? ''], (signal) =>
    browseConnector(http, connectorId, nodeId, signal),
  );
  return (
    <QueryView query={children} errorTitle="Could not browse the server" loadingLabel="Browsing…">
      {({ items, truncated }) =>
        items.length === 0 ? (
          <p className="cell--muted">No children.</p>
        ) : (
          <ul className="connectors__tree">
            {items.map((item) => (
              <TreeNode key={item.node_id} item={item} connectorId={connectorId} onPick={onPick} />
            ))}
            {truncated > 0 && <li className="cell--muted">{truncated} more not shown</li>}
          </ul>
        )
      }
    </QueryView>
  );
}

function TreeNode({ item, connectorId, onPick }: OpcuaBrowserProps & { item: OpcuaBrowseItem }) {
  const [open, setOpen] = useState(false);
  const variable = item.node_class === 'Variable';
  return (
    <li>
      <span className="connectors__node">
        {!variable && (
          <Button
            size="sm"
            variant="ghost"
            aria-expanded={open}
            aria-label={`${open ? 'Close' : 'Open'} ${item.display_name}`}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? '▾' : '▸'}
          </Button>
        )}
        <span>{item.display_name}</span>
        <span className="connectors__node-meta">
          {item.node_id}
          {variable && ` · ${item.data_type ?? 'unknown type'}${item.writable ? ' · writable' : ''}`}
        </span>
        {variable && (
          <Button size="sm" aria-label={`Map ${item.node_id}`} onClick={() => onPick(item)}>
            Map
          </Button>
        )}
      </span>
      {open && <NodeChildren connectorId={connectorId} nodeId={item.node_id} onPick={onPick} />}
    </li>
  );
}
