import { Button } from '../../components/Button';

export type BulkCommand = 'acknowledge' | 'shelve' | 'resolve';

interface BulkAlertBarProps {
  count: number;
  busy: boolean;
  onCommand: (command: BulkCommand) => void;
  onClear: () => void;
}

/** What can be done with every selected alert at once; shown while some are selected. */
export function BulkAlertBar({ count, busy, onCommand, onClear }: BulkAlertBarProps) {
  if (count === 0) return null;
  return (
    <div className="bulk-bar" role="toolbar" aria-label="Selected alerts">
      <span className="bulk-bar__count">
        {count} {count === 1 ? 'alert' : 'alerts'} selected
      </span>
      <Button size="sm" variant="primary" disabled={busy} onClick={() => onCommand('acknowledge')}>
        Acknowledge selected
      </Button>
      <Button size="sm" disabled={busy} onClick={() => onCommand('shelve')}>
        Shelve selected…
      </Button>
      <Button size="sm" disabled={busy} onClick={() => onCommand('resolve')}>
        Resolve selected
      </Button>
      <Button size="sm" variant="ghost" disabled={busy} onClick={onClear}>
        Clear selection
      </Button>
    </div>
  );
}
