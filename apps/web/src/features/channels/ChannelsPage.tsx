import type { Channel, CreateChannelBody, UpdateChannelBody } from '@dtwin/contracts/notifications';
import { useState } from 'react';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import { OutcomeBanner } from '../../components/OutcomeBanner';
import { PageHeader } from '../../components/PageHeader';
import { QueryView } from '../../components/QueryView';
import { useHttp } from '../../lib/http-context';
import { useConfirmation } from '../../lib/use-confirmation';
import { useOutcome } from '../../lib/use-outcome';
import { usePendingIds } from '../../lib/use-pending-ids';
import { useQuery } from '../../lib/use-query';
import { ChannelForm } from './ChannelForm';
import { ChannelsTable } from './ChannelsTable';
import { ChannelsTabs } from './ChannelsTabs';
import { createChannel, deleteChannel, listChannels, testChannel, updateChannel } from './channels-api';
import '../alerts/AlertsPage.css';

type Editing = { mode: 'create' } | { mode: 'edit'; channel: Channel } | null;

export function ChannelsPage() {
  const http = useHttp();
  const channels = useQuery(['channels'], (signal) => listChannels(http, signal));
  const [editing, setEditing] = useState<Editing>(null);
  const outcome = useOutcome();
  const deleting = useConfirmation(async (channel: Channel) => {
    await deleteChannel(http, channel.id);
    channels.update((list) => list.filter((c) => c.id !== channel.id));
    outcome.succeeded(`${channel.name} was deleted.`);
  });
  const testing = usePendingIds<number>();

  function startEditing(next: Editing) {
    outcome.clear();
    setEditing(next);
  }

  async function create(body: CreateChannelBody) {
    const saved = await createChannel(http, body);
    channels.update((list) => [...list, saved]);
    outcome.succeeded(`${saved.name} was created. Send a test to check it works.`);
    setEditing(null);
  }

  async function update(channel: Channel, body: UpdateChannelBody) {
    const saved = await updateChannel(http, channel.id, body);
    channels.update((list) => list.map((c) => (c.id === saved.id ? saved : c)));
    outcome.succeeded(`${saved.name} was saved.`);
    setEditing(null);
  }

  function test(channel: Channel) {
    outcome.clear();
    testing
      .track(channel.id, () => testChannel(http, channel.id))
      .then(
        (result) =>
          result.delivered
            ? outcome.succeeded(`The test message to ${channel.name} was delivered.`)
            : outcome.failed(
                `The test message to ${channel.name} was not delivered`,
                result.error ?? 'The channel did not accept it, and gave no reason.',
              ),
        (error: unknown) => outcome.failed(`Could not test ${channel.name}`, error),
      );
  }

  return (
    <>
      <PageHeader
        title="Notification channels"
        description="Where alerts are sent: e-mail, Slack, or any web service. Secrets are stored encrypted and never shown again."
        actions={
          editing === null && (
            <Button variant="primary" onClick={() => startEditing({ mode: 'create' })}>
              New channel
            </Button>
          )
        }
      />
      <ChannelsTabs current="channels" />
      {editing?.mode === 'create' && (
        <ChannelForm existing={null} onSubmit={create} onCancel={() => setEditing(null)} />
      )}
      {editing?.mode === 'edit' && (
        <ChannelForm
          key={editing.channel.id}
          existing={editing.channel}
          onSubmit={(body) => update(editing.channel, body)}
          onCancel={() => setEditing(null)}
        />
      )}
      <OutcomeBanner outcome={outcome.outcome} onDismiss={outcome.clear} />
      <QueryView query={channels} errorTitle="Could not load the channels" loadingLabel="Loading channels…">
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No notification channels">
              <p>Alerts are shown here in the app, but nobody is told about them elsewhere. Add a channel.</p>
            </EmptyState>
          ) : (
            <ChannelsTable
              channels={list}
              testing={testing.pending}
              busy={channels.loading}
              onTest={test}
              onEdit={(channel) => startEditing({ mode: 'edit', channel })}
              onDelete={deleting.ask}
            />
          )
        }
      </QueryView>
      {deleting.target && (
        <ConfirmDialog
          title={`Delete ${deleting.target.name}?`}
          confirmLabel="Delete channel"
          {...deleting.dialog}
        >
          <p>Rules that name it stop notifying through it. Its delivery log stays.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
