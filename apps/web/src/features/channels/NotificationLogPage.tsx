import { notificationKinds, notificationStatuses } from '@dtwin/contracts/notifications';
import { PageHeader } from '../../components/PageHeader';
import { PagedListView } from '../../components/PagedListView';
import { optionsOf } from '../../components/Select';
import { SelectField } from '../../components/SelectField';
import { useHttp } from '../../lib/http-context';
import { usePagedList } from '../../lib/use-paged-list';
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
  const log = usePagedList({
    name: 'notifications',
    pageSize: LOG_PAGE_SIZE,
    readFilters: (params) => ({
      status: pick(notificationStatuses, params.get('status')),
      kind: pick(notificationKinds, params.get('kind')),
      channel_id: Number(params.get('channel')) || undefined,
    }),
    load: (filters, page, signal) => listNotifications(http, { ...filters, ...page }, signal),
  });
  const channels = useQuery(['channels'], (signal) => listChannels(http, signal));
  const { status, kind, channel_id: channelId } = log.filters;
  const set = (key: string, value: string) => log.applyFilters({ [key]: value });
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
          options={optionsOf(notificationStatuses, notificationStatusLabels, 'Any status')}
        />
        <SelectField
          label="Kind"
          value={kind ?? ''}
          onChange={(e) => set('kind', e.target.value)}
          options={optionsOf(notificationKinds, notificationKindLabels, 'Any kind')}
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
      <PagedListView
        list={log}
        errorTitle="Could not load the delivery log"
        loadingLabel="Loading the delivery log…"
        noun="attempts"
        filtered={filtered}
        none="Nothing sent yet"
        noneHint="Attempts appear here when an alert notifies a channel, or when you send a test."
      >
        {(items) => <NotificationLogTable items={items} busy={log.loading} />}
      </PagedListView>
    </>
  );
}
