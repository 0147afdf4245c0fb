import { Link } from 'react-router';
import { Badge } from '../../components/Badge';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentUser } from '../auth/auth-context';
import { capabilitiesOf, hasRole, roleLabels } from '../auth/roles';
import './HomePage.css';

/** The account page (`/account`, from the user name in the header): who you are and what your role allows. */
export function HomePage() {
  const user = useCurrentUser();
  const isAdmin = hasRole(user.role, 'admin');

  return (
    <>
      <PageHeader
        title={`Welcome, ${user.username}`}
        description="Your account on this Digital Twin installation."
      />
      <div className="home-grid">
        <section className="panel" aria-labelledby="home-account">
          <h2 className="panel__title" id="home-account">
            Your account
          </h2>
          <dl className="facts">
            <dt>User name</dt>
            <dd>{user.username}</dd>
            <dt>Role</dt>
            <dd>
              <Badge tone={isAdmin ? 'info' : 'neutral'}>{roleLabels[user.role]}</Badge>
            </dd>
            <dt>E-mail</dt>
            <dd>{user.email ?? <span className="cell--muted">Not set</span>}</dd>
          </dl>
        </section>

        <section className="panel" aria-labelledby="home-role">
          <h2 className="panel__title" id="home-role">
            What the {roleLabels[user.role]} role allows
          </h2>
          <ul className="capabilities">
            {capabilitiesOf(user.role).map((capability) => (
              <li key={capability}>{capability}</li>
            ))}
          </ul>
          {!isAdmin && <p className="cell--muted">Need more? Ask an administrator to change your role.</p>}
        </section>

        {isAdmin && (
          <section className="panel" aria-labelledby="home-admin">
            <h2 className="panel__title" id="home-admin">
              Administration
            </h2>
            <ul className="shortcuts">
              <li>
                <Link to="/users">Users</Link>
                <span>Create accounts, change roles, disable access, reset passwords.</span>
              </li>
              <li>
                <Link to="/audit">Audit log</Link>
                <span>Sign-ins, account changes and refused requests, with who, when and from where.</span>
              </li>
            </ul>
          </section>
        )}
        <section className="panel" aria-labelledby="api-title">
          <h2 className="panel__title" id="api-title">
            Developers
          </h2>
          <p>
            <Link to="/api">API reference</Link>: every REST endpoint of this server, with the shapes it takes
            and answers.
          </p>
        </section>
      </div>
    </>
  );
}
