import { auditOutcomes, type AuditEntry } from '@dtwin/contracts/audit';
import { PageHeader } from '../../components/PageHeader';
import { PagedListView } from '../../components/PagedListView';
import { useHttp } from '../../lib/http-context';
import { usePagedList } from '../../lib/use-paged-list';
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
  const audit = usePagedList({
    name: 'audit',
    pageSize: AUDIT_PAGE_SIZE,
    readFilters,
    load: ({ actor, action, outcome, from, to }, page, signal) =>
      listAudit(
        http,
        {
          actor: actor || undefined,
          action: action || undefined,
          outcome: outcome || undefined,
          from: from || undefined,
          to: to || undefined,
          ...page,
        },
        signal,
      ),
  });
  const filtered = Object.values(audit.filters).some(Boolean);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Sign-ins, account changes and refused requests, newest first. Times are local; hover for UTC."
      />
      <AuditFilters initial={audit.filters} onApply={audit.applyFilters} />
      <PagedListView
        list={audit}
        errorTitle="Could not load the audit log"
        loadingLabel="Loading the audit log…"
        noun="entries"
        filtered={filtered}
        hint="Widen the time range or clear the filters."
        none="The audit log is empty"
      >
        {(entries) => <AuditTable entries={entries} busy={audit.loading} />}
      </PagedListView>
    </>
  );
}
