import { notificationKinds, notificationStatuses } from '@dtwin/contracts/notifications';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { SelectField } from '../../components/SelectField';
import { useHttp } from '../../lib/http-context';
import { readPage, withParams } from '../../lib/search-params';
import { useQuery } from '../../lib/use-query';
import { notificationKindLabels, notificationStatusLabels } from './channel-labels';
import { ChannelsTabs } from './ChannelsTabs';
import { listChannels, listNotifications, LOG_PAGE_SIZE } from './channels-api';
import { NotificationLogTable } from './NotificationLogTable';

function pick<T extends string>(values: readonly T[], value: string | null): T | undefined {
  return values.find((v) => v === value);
}

/** Every delivery attempt, newest first: which channel, how it went, and why it failed. */
export function NotificationLogPage() {
  const http = useHttp();
  const [params, setParams] = useSearchParams();
  const status = pick(notificationStatuses, params.get('status'));
  const kind = pick(notificationKinds, params.get('kind'));
  const channelId = Number(params.get('channel')) || undefined;
  const offset = (readPage(params) - 1) * LOG_PAGE_SIZE;

  const log = useQuery(['notifications', status, kind, channelId, offset], (signal) =>
    listNotifications(http, { status, kind, channel_id: channelId, limit: LOG_PAGE_SIZE, offset }, signal),
  );
  const channels = useQuery(['channels'], (signal) => listChannels(http, signal));
  const set = (key: string, value: string) => setParams(withParams(params, { [key]: value, page: null }));
  const list = log.data;
  const filtered = Boolean(status || kind || channelId);

  return (
    <>
      <PageHeader
        title="Notification channels"
        description="Every attempt to deliver a notification, newest first. Failed attempts are retried with a growing pause."
      />
      <ChannelsTabs current="log" />
      <div className="toolbar" role="search" aria-label="Filter the delivery log">
        <SelectField
          label="Status"
          value={status ?? ''}
          onChange={(e) => set('status', e.target.value)}
          options={[
            { value: '', label: 'Any status' },
            ...notificationStatuses.map((s) => ({ value: s, label: notificationStatusLabels[s] })),
          ]}
        />
        <SelectField
          label="Kind"
          value={kind ?? ''}
          onChange={(e) => set('kind', e.target.value)}
          options={[
            { value: '', label: 'Any kind' },
            ...notificationKinds.map((k) => ({ value: k, label: notificationKindLabels[k] })),
          ]}
        />
        <SelectField
          label="Channel"
          value={channelId ? String(channelId) : ''}
          onChange={(e) => set('channel', e.target.value)}
          options={[
            { value: '', label: 'Every channel' },
            ...(channels.data ?? []).map((c) => ({ value: String(c.id), label: c.name })),
          ]}
        />
      </div>
      {log.error !== null && (
        <ErrorBanner title="Could not load the delivery log" error={log.error} onRetry={log.reload} />
      )}
      {list === undefined ? (
        log.loading && <LoadingState label="Loading the delivery log…" />
      ) : (
        <>
          {list.items.length === 0 ? (
            <EmptyState title={filtered ? 'No attempts match these filters' : 'Nothing sent yet'}>
              {!filtered && (
                <p>Attempts appear here when an alert notifies a channel, or when you send a test.</p>
              )}
            </EmptyState>
          ) : (
            <NotificationLogTable items={list.items} busy={log.loading} />
          )}
          {list.total > 0 && (
            <Pagination
              offset={offset}
              limit={LOG_PAGE_SIZE}
              total={list.total}
              noun="attempts"
              busy={log.loading}
              onChange={(o) => setParams(withParams(params, { page: o / LOG_PAGE_SIZE + 1 }))}
            />
          )}
        </>
      )}
    </>
  );
}
