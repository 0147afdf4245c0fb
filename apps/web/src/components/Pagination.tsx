import { Button } from './Button';
import './Pagination.css';

interface PaginationProps {
  offset: number;
  limit: number;
  total: number;
  /** Shown after the count, e.g. "users". */
  noun: string;
  onChange: (offset: number) => void;
  busy?: boolean;
}

export function Pagination({ offset, limit, total, noun, onChange, busy }: PaginationProps) {
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  const pastEnd = offset >= total;
  // From a page past the end (an old link), "Previous" goes to the last page that exists.
  const previous = pastEnd ? (pages - 1) * limit : Math.max(0, offset - limit);
  return (
    <nav className="pagination" aria-label="Pages">
      <p className="pagination__summary" aria-live="polite">
        {pastEnd ? (
          <>
            Page {page} is past the last page ({pages}); {total} {noun} in all
          </>
        ) : (
          <>
            {offset + 1}–{Math.min(offset + limit, total)} of {total} {noun} · page {page} of {pages}
          </>
        )}
      </p>
      <div className="pagination__buttons">
        <Button size="sm" disabled={busy || offset <= 0} onClick={() => onChange(previous)}>
          Previous
        </Button>
        <Button size="sm" disabled={busy || offset + limit >= total} onClick={() => onChange(offset + limit)}>
          Next
        </Button>
      </div>
    </nav>
  );
}
