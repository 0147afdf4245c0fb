import type { Alert, ShelveBody } from '@dtwin/contracts/alerts';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { useHttp } from '../../lib/http-context';
import { readPage, withParams } from '../../lib/search-params';
import { useResyncEpoch } from '../../lib/socket-hooks';
import { usePendingIds } from '../../lib/use-pending-ids';
import { useQuery } from '../../lib/use-query';
import { useCurrentUser } from '../auth/auth-context';
import { hasRole } from '../auth/roles';
import type { AlertCommand } from './AlertActions';
import { matchesFilters, readAlertFilters, statesOf } from './alert-filters';
import { mergeAlert, replaceAlert } from './alert-list';
import { AlertFilters } from './AlertFilters';
import { AlertGroups } from './AlertGroups';
import { AlertsTable } from './AlertsTable';
import { AlertsViewTabs, type AlertsView } from './AlertsViewTabs';
import { ALERTS_PAGE_SIZE, changeAlert, listAlerts, shelveAlert, unshelveAlert } from './alerts-api';
import { ShelveDialog } from './ShelveDialog';
import { useAlertUpdates } from './use-alert-updates';
import { useFreshIds } from './use-fresh-ids';
import './AlertsPage.css';

const done: Record<Exclude<AlertCommand, 'shelve'>, string> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  unshelve: 'back from the shelf',
};

export function AlertsPage() {
  const http = useHttp();
  const user = useCurrentUser();
  const canAct = hasRole(user.role, 'operator');
  const [params, setParams] = useSearchParams();
  const filters = readAlertFilters(params);
  const groupId = params.get('group') ?? '';
  const view: AlertsView = params.get('view') === 'floods' ? 'floods' : 'list';
  const offset = (readPage(params) - 1) * ALERTS_PAGE_SIZE;

  const resync = useResyncEpoch();
  const alerts = useQuery(['alerts', filters, groupId, view, offset, resync], (signal) =>
    listAlerts(
      http,
      {
        states: statesOf(filters.state),
        severity: filters.severity || undefined,
        device_id: filters.device || undefined,
        group_id: groupId || undefined,
        group: view === 'floods',
        limit: ALERTS_PAGE_SIZE,
        offset,
      },
      signal,
    ),
  );

  const fresh = useFreshIds();
  useAlertUpdates((events) => {
    const context = { firstPage: offset === 0, pageSize: ALERTS_PAGE_SIZE };
    alerts.update((list) =>
      events.reduce(
        (current, { alert }) =>
          mergeAlert(current, alert, { ...context, matches: matchesFilters(alert, filters, groupId) }),
        list,
      ),
    );
    for (const { change, alert } of events)
      if (change === 'raised' && matchesFilters(alert, filters, groupId)) fresh.mark(alert.id);
  });

  const { pending, track } = usePendingIds<number>();
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ title: string; error: unknown } | null>(null);
  const [shelving, setShelving] = useState<Alert | null>(null);

  function show(updated: Alert, what: string) {
    alerts.update((list) => replaceAlert(list, updated));
    setNotice(`${updated.rule_name} on ${updated.device_id} is ${what}.`);
  }

  function runCommand(alert: Alert, command: AlertCommand) {
    if (command === 'shelve') {
      setShelving(alert);
      return;
    }
    setNotice(null);
    setActionError(null);
    track(alert.id, () =>
      command === 'unshelve' ? unshelveAlert(http, alert.id) : changeAlert(http, alert.id, command),
    ).then(
      (updated) => show(updated, done[command]),
      (error: unknown) =>
        setActionError({ title: `Could not ${command} ${alert.rule_name} on ${alert.device_id}`, error }),
    );
  }

  async function shelve(alert: Alert, body: ShelveBody) {
    const updated = await track(alert.id, () => shelveAlert(http, alert.id, body));
    setShelving(null);
    show(updated, 'shelved');
  }

  const list = alerts.data;
  const filtered = Boolean(filters.state || filters.severity || filters.device || groupId);
  const showGroup = (id: string) => setParams(withParams(params, { group: id, view: null, page: null }));

  return (
    <>
      <PageHeader title="Alerts" description="Newest first. New alerts and changes appear as they happen." />
      <AlertsViewTabs view={view} />
      <AlertFilters
        key={JSON.stringify(filters)}
        initial={filters}
        onApply={(values) => setParams(withParams(params, { ...values, page: null }))}
      />
      {groupId && (
        <Notice>
          Showing the alerts of one flood.{' '}
          <Link to={`?${withParams(params, { group: null, page: null })}`}>Show all alerts</Link>
        </Notice>
      )}
      {notice && (
        <Notice tone="success" onDismiss={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {actionError && (
        <ErrorBanner
          title={actionError.title}
          error={actionError.error}
          onDismiss={() => setActionError(null)}
        />
      )}
      {alerts.error !== null && (
        <ErrorBanner title="Could not load alerts" error={alerts.error} onRetry={alerts.reload} />
      )}
      {list === undefined ? (
        alerts.loading && <LoadingState label="Loading alerts…" />
      ) : view === 'floods' ? (
        (list.groups ?? []).length === 0 ? (
          <EmptyState title="No floods">
            <p>
              When one rule fires on many devices, or many rules on one device, at once, they are grouped
              here.
            </p>
          </EmptyState>
        ) : (
          <AlertGroups groups={list.groups ?? []} busy={alerts.loading} onShowGroup={showGroup} />
        )
      ) : (
        <>
          {list.items.length === 0 ? (
            <EmptyState title={emptyTitle(filtered, list.total)}>
              {filtered && list.total === 0 && <p>Try other filters, or clear them.</p>}
            </EmptyState>
          ) : (
            <AlertsTable
              alerts={list.items}
              canAct={canAct}
              pendingIds={pending}
              freshIds={fresh.ids}
              busy={alerts.loading}
              onCommand={runCommand}
              onShowGroup={showGroup}
            />
          )}
          {list.total > 0 && (
            <Pagination
              offset={offset}
              limit={ALERTS_PAGE_SIZE}
              total={list.total}
              noun="alerts"
              busy={alerts.loading}
              onChange={(o) => setParams(withParams(params, { page: o / ALERTS_PAGE_SIZE + 1 }))}
            />
          )}
        </>
      )}
      {shelving && (
        <ShelveDialog
          alert={shelving}
          onClose={() => setShelving(null)}
          onSubmit={(body) => shelve(shelving, body)}
        />
      )}
    </>
  );
}

function emptyTitle(filtered: boolean, total: number): string {
  if (total > 0) return 'Nothing on this page';
  return filtered ? 'No alerts match these filters' : 'No alerts: all quiet';
}
