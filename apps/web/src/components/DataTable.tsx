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

type RowKey<Row> = (row: Row) => string | number;

interface DataTableProps<Row> {
  /** Read by screen readers; not shown. */
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowClassName?: (row: Row) => string | undefined;
  /** Dims the rows while newer ones load. */
  busy?: boolean;
}

/** Rows with an `id` are keyed by it unless told otherwise; other rows must say what keys them. */
type KeyProps<Row> = Row extends { id: string | number } ? { rowKey?: RowKey<Row> } : { rowKey: RowKey<Row> };

export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowClassName,
  busy,
}: DataTableProps<Row> & KeyProps<Row>) {
  const keyOf: RowKey<Row> = rowKey ?? ((row) => (row as { id: string | number }).id);
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
            <tr key={keyOf(row)} className={rowClassName?.(row)}>
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
