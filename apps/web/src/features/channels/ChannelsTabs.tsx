import { TabNav } from '../../components/TabNav';

/** The channels and their delivery log are two views of one thing. */
export function ChannelsTabs({ current }: { current: 'channels' | 'log' }) {
  return (
    <TabNav
      label="Notifications"
      tabs={[
        { to: '/channels', label: 'Channels', current: current === 'channels' },
        { to: '/channels/log', label: 'Delivery log', current: current === 'log' },
      ]}
    />
  );
}
