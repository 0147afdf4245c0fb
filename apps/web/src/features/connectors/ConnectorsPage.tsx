import type { CreateConnectorBody, UpdateConnectorBody } from '@dtwin/contracts/connectors';
import type { TestReadItem } from '@dtwin/contracts/connectors-opcua';
import { useEffect, useState } from 'react';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DataTable } from '../../components/DataTable';
import { DateTime } from '../../components/DateTime';
import { EmptyState } from '../../components/EmptyState';
import { OutcomeBanner } from '../../components/OutcomeBanner';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useConfirmation } from '../../lib/use-confirmation';
import { useOutcome } from '../../lib/use-outcome';
import { usePendingIds } from '../../lib/use-pending-ids';
import { useQuery } from '../../lib/use-query';
import { valuesFromConnector } from './connector-form';
import { ConnectorForm } from './ConnectorForm';
import {
  createConnector,
  deleteConnector,
  listConnectors,
  testReadConnector,
  updateConnector,
} from './connectors-api';
import { ConnectorsTable, type ConnectorRow } from './ConnectorsTable';
import '../alerts/AlertsPage.css';
import './ConnectorsPage.css';

type Editing = { mode: 'create' } | { mode: 'edit'; connector: ConnectorRow } | null;
/** The list's status is polled while the page is visible. */
const POLL_MS = 3000;

export function ConnectorsPage() {
  const http = useHttp();
  const connectors = useQuery(['connectors'], (signal) => listConnectors(http, signal));
  const [editing, setEditing] = useState<Editing>(null);
  const [testRead, setTestRead] = useState<{ id: string; items: TestReadItem[] } | null>(null);
  const outcome = useOutcome();
  const reading = usePendingIds<string>();
  const { reload } = connectors;
  const deleting = useConfirmation(async (c: ConnectorRow) => {
    await deleteConnector(http, c.id);
    connectors.update((list) => list.filter((x) => x.id !== c.id));
    outcome.succeeded(`${c.id} was deleted.`);
  });

  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') reload();
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [reload]);

  function startEditing(next: Editing) {
    outcome.clear();
    setTestRead(null);
    setEditing(next);
  }

  async function create(body: CreateConnectorBody) {
    const saved = await createConnector(http, body);
    outcome.succeeded(`${saved.id} was created${saved.enabled ? ' and is connecting' : ''}.`);
    setEditing(null);
    reload();
  }

  async function update(id: string, body: UpdateConnectorBody) {
    await updateConnector(http, id, body);
    outcome.succeeded(`${id} was saved; it reconnects with the change.`);
    setEditing(null);
    reload();
  }

  function read(c: ConnectorRow) {
    outcome.clear();
    reading
      .track(c.id, () => testReadConnector(http, c.id))
      .then(
        (items) => setTestRead({ id: c.id, items }),
        (error: unknown) => outcome.failed(`Could not test-read ${c.id}`, error),
      );
  }

  return (
    <>
      <PageHeader
        title="Connectors"
        description="Machines behind PLCs and gateways: OPC UA, Modbus TCP and Sparkplug B, read into the same history, alerts and twins as MQTT devices. Passwords are stored encrypted and never shown again."
        actions={
          editing === null && (
            <Button variant="primary" onClick={() => startEditing({ mode: 'create' })}>
              New connector
            </Button>
          )
        }
      />
      {editing?.mode === 'create' && (
        <ConnectorForm existing={null} onSubmit={create} onCancel={() => setEditing(null)} />
      )}
      {editing?.mode === 'edit' && (
        <ConnectorForm
          key={editing.connector.id}
          existing={{
            values: valuesFromConnector(editing.connector),
            secretsSet: editing.connector.secrets_set,
            connected: editing.connector.status.state === 'connected',
          }}
          onSubmit={(body: UpdateConnectorBody) => update(editing.connector.id, body)}
          onCancel={() => setEditing(null)}
        />
      )}
      <OutcomeBanner outcome={outcome.outcome} onDismiss={outcome.clear} />
      {testRead && (
        <section className="panel" aria-label={`Test read of ${testRead.id}`}>
          <h2 className="panel__title">Test read of {testRead.id}</h2>
          <DataTable
            caption={`Values read now from ${testRead.id}`}
            rowKey={(r) => `${r.device_id}.${r.metric}`}
            rows={testRead.items}
            columns={[
              { key: 'device', header: 'Device', render: (r) => r.device_id },
              { key: 'metric', header: 'Metric', render: (r) => r.metric },
              { key: 'value', header: 'Value', render: (r) => (r.value === null ? '—' : String(r.value)) },
              { key: 'ts', header: 'Source time', render: (r) => <DateTime value={r.source_timestamp} /> },
              {
                key: 'error',
                header: 'Problem',
                className: 'cell--wrap',
                render: (r) => (r.error ? <span className="connectors__error">{r.error}</span> : 'OK'),
              },
            ]}
          />
          <div>
            <Button size="sm" onClick={() => setTestRead(null)}>
              Close
            </Button>
          </div>
        </section>
      )}
      <QueryView
        query={connectors}
        errorTitle="Could not load the connectors"
        loadingLabel="Loading connectors…"
      >
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No connectors">
              <p>Add one to read a PLC over OPC UA or Modbus TCP, or edge nodes over Sparkplug B.</p>
            </EmptyState>
          ) : (
            <ConnectorsTable
              connectors={list}
              reading={reading.pending}
              onTestRead={read}
              onEdit={(c) => startEditing({ mode: 'edit', connector: c })}
              onDelete={deleting.ask}
            />
          )
        }
      </QueryView>
      {deleting.target && (
        <ConfirmDialog
          title={`Delete ${deleting.target.id}?`}
          confirmLabel="Delete connector"
          {...deleting.dialog}
        >
          <p>It disconnects at once. The readings it stored stay.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
