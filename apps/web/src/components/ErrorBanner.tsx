import { describeError } from '../lib/api-error';
import { Button } from './Button';
import './Banner.css';

interface ErrorBannerProps {
  /** Anything thrown, or a message. */
  error: unknown;
  title?: string;
  /** Extra lines, e.g. field problems no input shows. */
  details?: readonly string[];
  onRetry?: () => void;
  onDismiss?: () => void;
}

export function ErrorBanner({ error, title, details, onRetry, onDismiss }: ErrorBannerProps) {
  const message = typeof error === 'string' ? error : describeError(error);
  return (
    <div className="banner banner--error" role="alert">
      <div className="banner__body">
        {title && <p className="banner__title">{title}</p>}
        <p className="banner__message">{message}</p>
        {details && details.length > 0 && (
          <ul className="banner__details">
            {details.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        )}
      </div>
      {(onRetry || onDismiss) && (
        <div className="banner__actions">
          {onRetry && (
            <Button size="sm" onClick={onRetry}>
              Try again
            </Button>
          )}
          {onDismiss && (
            <Button size="sm" variant="ghost" onClick={onDismiss}>
              Dismiss
            </Button>
          )}
        </div>
      )}
    </div>
  );
}
