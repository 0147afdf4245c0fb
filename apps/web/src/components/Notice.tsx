import type { ReactNode } from 'react';
import { Button } from './Button';
import './Banner.css';

interface NoticeProps {
  tone?: 'success' | 'info';
  children: ReactNode;
  onDismiss?: () => void;
}

/** A polite, non-error message: "User created", "Your session has ended". */
export function Notice({ tone = 'info', children, onDismiss }: NoticeProps) {
  return (
    <div className={`banner banner--${tone}`} role="status">
      <div className="banner__body">
        <p className="banner__message">{children}</p>
      </div>
      {onDismiss && (
        <div className="banner__actions">
          <Button size="sm" variant="ghost" onClick={onDismiss}>
            Dismiss
          </Button>
        </div>
      )}
    </div>
  );
}
