import { Link, useLocation } from 'react-router';
import { EmptyState } from '../components/EmptyState';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <EmptyState title="Page not found">
      <p>
        There is no page at <code>{pathname}</code>. It may have moved, or the link may be mistyped.
      </p>
      <p>
        <Link to="/">Go to the dashboard</Link>
      </p>
    </EmptyState>
  );
}
