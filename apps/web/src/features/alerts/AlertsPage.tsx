import type { Alert, ShelveBody } from '@dtwin/contracts/alerts';
import { useState } from 'react';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { Notice } from '../../components/Notice';
import { OutcomeBanner } from '../../components/OutcomeBanner';
import { PageHeader } from '../../components/PageHeader';
import { PagedListView } from '../../components/PagedListView';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useOutcome } from '../../lib/use-outcome';
import { withParams } from '../../lib/search-params';
import { usePagedList } from '../../lib/use-paged-list';
import { usePendingIds } from '../../lib/use-pending-ids';
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

const loadingTexts = { errorTitle: 'Could not load alerts', loadingLabel: 'Loading alerts…' };

const done: Record<Exclude<AlertCommand, 'shelve'>, string> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  unshelve: 'back from the shelf',
};

/** The filters, the flood shown (if any) and the view, from the URL. */
function readQuery(params: URLSearchParams) {
  const view: AlertsView = params.get('view') === 'floods' ? 'floods' : 'list';
  return { ...readAlertFilters(params), groupId: params.get('group') ?? '', view };
}

export function AlertsPage() {
  const http = useHttp();
  const user = useCurrentUser();
  const canAct = hasRole(user.role, 'operator');
  const alerts = usePagedList({
    name: 'alerts',
    pageSize: ALERTS_PAGE_SIZE,
    readFilters: readQuery,
    load: ({ state, severity, device, groupId, view }, page, signal) =>
      listAlerts(
        http,
        {
          states: statesOf(state),
          severity: severity || undefined,
          device_id: device || undefined,
          group_id: groupId || undefined,
          group: view === 'floods',
          ...page,
        },
        signal,
      ),
    resync: true,
  });
  const { groupId, view, ...filters } = alerts.filters;

  const fresh = useFreshIds();
  useAlertUpdates((events) => {
    const context = { firstPage: alerts.offset === 0, pageSize: ALERTS_PAGE_SIZE };
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
  const outcome = useOutcome();
  const [shelving, setShelving] = useState<Alert | null>(null);

  function show(updated: Alert, what: string) {
    alerts.update((list) => replaceAlert(list, updated));
    outcome.succeeded(`${updated.rule_name} on ${updated.device_id} is ${what}.`);
  }

  function runCommand(alert: Alert, command: AlertCommand) {
    if (command === 'shelve') {
      setShelving(alert);
      return;
    }
    outcome.clear();
    track(alert.id, () =>
      command === 'unshelve' ? unshelveAlert(http, alert.id) : changeAlert(http, alert.id, command),
    ).then(
      (updated) => show(updated, done[command]),
      (error: unknown) =>
        outcome.failed(`Could not ${command} ${alert.rule_name} on ${alert.device_id}`, error),
    );
  }

  async function shelve(alert: Alert, body: ShelveBody) {
    const updated = await track(alert.id, () => shelveAlert(http, alert.id, body));
    setShelving(null);
    show(updated, 'shelved');
  }

  const filtered = Boolean(filters.state || filters.severity || filters.device || groupId);
  const showGroup = (id: string) => alerts.applyFilters({ group: id, view: null });

  return (
    <>
      <PageHeader title="Alerts" description="Newest first. New alerts and changes appear as they happen." />
      <AlertsViewTabs view={view} />
      <AlertFilters initial={filters} onApply={alerts.applyFilters} />
      {groupId && (
        <Notice>
          Showing the alerts of one flood.{' '}
          <Link to={`?${withParams(alerts.params, { group: null, page: null })}`}>Show all alerts</Link>
        </Notice>
      )}
      <OutcomeBanner outcome={outcome.outcome} onDismiss={outcome.clear} />
      {view === 'floods' ? (
        <QueryView query={alerts} {...loadingTexts}>
          {(list) =>
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
          }
        </QueryView>
      ) : (
        <PagedListView
          list={alerts}
          {...loadingTexts}
          noun="alerts"
          filtered={filtered}
          hint="Try other filters, or clear them."
          none="No alerts: all quiet"
        >
          {(items) => (
            <AlertsTable
              alerts={items}
              canAct={canAct}
              pendingIds={pending}
              freshIds={fresh.ids}
              busy={alerts.loading}
              onCommand={runCommand}
              onShowGroup={showGroup}
            />
          )}
        </PagedListView>
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
