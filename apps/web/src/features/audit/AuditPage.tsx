import { auditOutcomes, type AuditEntry } from '@dtwin/contracts/audit';
import { useSearchParams } from 'react-router';
import { EmptyState } from '../../components/EmptyState';
import { ErrorBanner } from '../../components/ErrorBanner';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { useHttp } from '../../lib/http-context';
import { readPage, withParams } from '../../lib/search-params';
import { useQuery } from '../../lib/use-query';
import { AuditFilters, type AuditFilterValues } from './AuditFilters';
import { AUDIT_PAGE_SIZE, listAudit } from './audit-api';
import { AuditTable } from './AuditTable';

function readFilters(params: URLSearchParams): AuditFilterValues {
  const outcome = params.get('outcome');
  return {
    actor: params.get('actor') ?? '',
    action: params.get('action') ?? '',
    outcome: auditOutcomes.find((o): o is AuditEntry['outcome'] => o === outcome) ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
  };
}

export function AuditPage() {
  const http = useHttp();
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const { actor, action, outcome, from, to } = filters;
  const offset = (readPage(params) - 1) * AUDIT_PAGE_SIZE;

  const audit = useQuery(['audit', actor, action, outcome, from, to, offset], (signal) =>
    listAudit(
      http,
      {
        actor: actor || undefined,
        action: action || undefined,
        outcome: outcome || undefined,
        from: from || undefined,
        to: to || undefined,
        limit: AUDIT_PAGE_SIZE,
        offset,
      },
      signal,
    ),
  );

  const list = audit.data;
  const filtered = Object.values(filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Sign-ins, account changes and refused requests, newest first. Times are local; hover for UTC."
      />
      <AuditFilters
        key={JSON.stringify(filters)}
        initial={filters}
        onApply={(values) => setParams(withParams(params, { ...values, page: null }))}
      />
      {audit.error !== null && (
        <ErrorBanner title="Could not load the audit log" error={audit.error} onRetry={audit.reload} />
      )}
      {list === undefined ? (
        audit.loading && <LoadingState label="Loading the audit log…" />
      ) : (
        <>
          {list.items.length === 0 ? (
            <EmptyState title={emptyTitle(filtered, list.total)}>
              {filtered && list.total === 0 && <p>Widen the time range or clear the filters.</p>}
            </EmptyState>
          ) : (
            <AuditTable entries={list.items} busy={audit.loading} />
          )}
          {list.total > 0 && (
            <Pagination
              offset={offset}
              limit={AUDIT_PAGE_SIZE}
              total={list.total}
              noun="entries"
              busy={audit.loading}
              onChange={(o) => setParams(withParams(params, { page: o / AUDIT_PAGE_SIZE + 1 }))}
            />
          )}
        </>
      )}
    </>
  );
}

function emptyTitle(filtered: boolean, total: number): string {
  if (total > 0) return 'Nothing on this page';
  return filtered ? 'No entries match these filters' : 'The audit log is empty';
}
