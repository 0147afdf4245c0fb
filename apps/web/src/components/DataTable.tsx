import type { ReactNode } from 'react';
import { cx } from '../lib/class-names';
import './DataTable.css';

export interface Column<Row> {
  key: string;
  header: ReactNode;
  render: (row: Row) => ReactNode;
  className?: string;
}

/** The column of buttons acting on a row; its header says so to screen readers only. */
export function actionsColumn<Row>(
  render: (row: Row) => ReactNode,
  { header = 'Actions', className }: { header?: string; className?: string } = {},
): Column<Row> {
  return {
    key: 'actions',
    header: <span className="visually-hidden">{header}</span>,
    className: cx('cell--actions', className),
    render,
  };
}

interface DataTableProps<Row> {
  /** Read by screen readers; not shown. */
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  rowClassName?: (row: Row) => string | undefined;
  /** Dims the rows while newer ones load. */
  busy?: boolean;
}

export function DataTable<Row>({ caption, columns, rows, rowKey, rowClassName, busy }: DataTableProps<Row>) {
  return (
    <div className={cx('table-wrap', busy && 'table-wrap--busy')}>
      <table className="table" aria-busy={busy || undefined}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.className}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={rowClassName?.(row)}>
              {columns.map((column) => (
                <td key={column.key} className={column.className}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
