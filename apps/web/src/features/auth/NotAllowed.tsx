import type { Role } from '@dtwin/contracts/auth';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { useAuth } from './auth-context';
import { roleLabels } from './roles';

export function NotAllowed({ required }: { required: Role }) {
  const { session } = useAuth();
  const current = session.status === 'authenticated' ? roleLabels[session.user.role] : null;
  return (
    <EmptyState title="You are not allowed to see this page">
      <p>
        It needs the {roleLabels[required]} role
        {current ? `; you are signed in as ${current}` : ''}. Ask an administrator if you need access.
      </p>
      <p>
        <Link to="/">Back to the dashboard</Link>
      </p>
    </EmptyState>
  );
}
