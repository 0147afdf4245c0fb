import type { ConnectionState } from '../lib/socket';
import { useConnectionState } from '../lib/socket-hooks';
import './ConnectionStatus.css';

const labels: Record<ConnectionState, { text: string; title: string }> = {
  connected: { text: 'Live', title: 'Connected: updates arrive as they happen.' },
  connecting: { text: 'Connecting…', title: 'Opening the live connection.' },
  reconnecting: {
    text: 'Reconnecting…',
    title: 'The live connection dropped; retrying. Pages fetch what they missed once it is back.',
  },
  offline: {
    text: 'Offline',
    title: 'No live connection: what you see may be out of date. Retrying in the background.',
  },
};

/** The state of the live connection, for the header. */
export function ConnectionStatus() {
  const state = useConnectionState();
  const { text, title } = labels[state];
  return (
    <span className={`conn conn--${state}`} title={title} role="status" aria-live="polite">
      <span className="conn__dot" aria-hidden="true" />
      <span className="visually-hidden">Live updates: </span>
      {text}
    </span>
  );
}
