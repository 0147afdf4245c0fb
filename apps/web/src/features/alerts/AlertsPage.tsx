import type { Alert, ShelveBody } from '@dtwin/contracts/alerts';
import { useMemo, useState } from 'react';
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
import { useAssets } from '../assets/AssetSelect';
import { hasRole } from '../auth/roles';
import type { AlertCommand } from './AlertActions';
import { matchesFilters, readAlertFilters, statesOf } from './alert-filters';
import { mergeAlert, replaceAlert } from './alert-list';
import { AlertFilters } from './AlertFilters';
import { AlertGroups } from './AlertGroups';
import { AlertsTable } from './AlertsTable';
import { AlertsViewTabs, type AlertsView } from './AlertsViewTabs';
import { AlertCommentsDialog } from './AlertCommentsDialog';
import {
  ALERTS_PAGE_SIZE,
  bulkAlerts,
  changeAlert,
  listAlerts,
  shelveAlert,
  unshelveAlert,
} from './alerts-api';
import { BulkAlertBar, type BulkCommand } from './BulkAlertBar';
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
  const assets = useAssets();
  const assetNames = useMemo(() => new Map(assets.data?.map((a) => [a.id, a.name])), [assets.data]);
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
  const [commenting, setCommenting] = useState<Alert | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<number>>(() => new Set());
  const [bulkShelving, setBulkShelving] = useState(false);
  const [bulkBusy, setBulkBusy] = useState(false);

  function select(ids: number[], on: boolean) {
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids) {
        if (on) next.add(id);
        else next.delete(id);
      }
      return next;
    });
  }

  async function runBulk(command: BulkCommand, shelveBody?: ShelveBody) {
    outcome.clear();
    setBulkBusy(true);
    try {
      const { results } = await bulkAlerts(http, {
        ids: [...selected],
        action: command,
        ...(shelveBody ? { shelve: shelveBody } : {}),
      });
      for (const r of results) if (r.alert) alerts.update((list) => replaceAlert(list, r.alert!));
      const done = results.filter((r) => r.ok).length;
      const failed = results.filter((r) => !r.ok);
      setSelected(new Set(failed.map((r) => r.id)));
      const verb = { acknowledge: 'acknowledged', shelve: 'shelved', resolve: 'resolved' }[command];
      if (failed.length === 0) outcome.succeeded(`${done} ${done === 1 ? 'alert' : 'alerts'} ${verb}.`);
      else
        outcome.failed(
          `${done} ${verb}; ${failed.length} could not be`,
          new Error(failed.map((r) => `alert ${r.id}: ${r.error ?? 'refused'}`).join('; ')),
        );
    } catch (error) {
      outcome.failed(`Could not ${command} the selected alerts`, error);
    } finally {
      setBulkBusy(false);
    }
  }

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
      {canAct && view !== 'floods' && (
        <BulkAlertBar
          count={selected.size}
          busy={bulkBusy}
          onCommand={(command) => (command === 'shelve' ? setBulkShelving(true) : void runBulk(command))}
          onClear={() => setSelected(new Set())}
        />
      )}
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
              selected={selected}
              onSelect={select}
              onComments={setCommenting}
              assetNames={assetNames}
            />
          )}
        </PagedListView>
      )}
      {shelving && (
        <ShelveDialog
          subject={`${shelving.rule_name} on ${shelving.device_id}`}
          onClose={() => setShelving(null)}
          onSubmit={(body) => shelve(shelving, body)}
        />
      )}
      {bulkShelving && (
        <ShelveDialog
          subject={`${selected.size} ${selected.size === 1 ? 'alert' : 'alerts'}`}
          onClose={() => setBulkShelving(false)}
          onSubmit={async (body) => {
            await runBulk('shelve', body);
            setBulkShelving(false);
          }}
        />
      )}
      {commenting && (
        <AlertCommentsDialog alert={commenting} canWrite={canAct} onClose={() => setCommenting(null)} />
      )}
    </>
  );
}
