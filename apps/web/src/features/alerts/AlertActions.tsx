import type { Alert } from '@dtwin/contracts/alerts';
import { Button } from '../../components/Button';
import { isOpen } from './alert-labels';

export type AlertCommand = 'acknowledge' | 'resolve' | 'shelve' | 'unshelve';

interface AlertActionsProps {
  alert: Alert;
  pending: boolean;
  onCommand: (alert: Alert, command: AlertCommand) => void;
}

/** What an operator can do with one alert in its current state; nothing once it is closed. */
export function AlertActions({ alert, pending, onCommand }: AlertActionsProps) {
  if (!isOpen(alert.state)) return null;
  const what = `${alert.rule_name} on ${alert.device_id}`;
  return (
    <span className="row-actions">
      {alert.acknowledged_at === null && (
        <Button
          size="sm"
          variant="primary"
          disabled={pending}
          aria-label={`Acknowledge ${what}`}
          onClick={() => onCommand(alert, 'acknowledge')}
        >
          Acknowledge
        </Button>
      )}
      {alert.state === 'shelved' ? (
        <Button
          size="sm"
          disabled={pending}
          aria-label={`Unshelve ${what}`}
          onClick={() => onCommand(alert, 'unshelve')}
        >
          Unshelve
        </Button>
      ) : (
        <Button
          size="sm"
          disabled={pending}
          aria-label={`Shelve ${what}`}
          onClick={() => onCommand(alert, 'shelve')}
        >
          Shelve…
        </Button>
      )}
      <Button
        size="sm"
        disabled={pending}
        aria-label={`Resolve ${what}`}
        onClick={() => onCommand(alert, 'resolve')}
      >
        Resolve
      </Button>
    </span>
  );
}
