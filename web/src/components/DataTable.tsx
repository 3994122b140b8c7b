import { useMemo, type ReactNode } from 'react';
import { useQueryParam } from '../router';
import { cellText, compareDecimal, toCsv, type Column } from './table-logic';

export type { Column } from './table-logic';

/**
 * A table people can work with: sort by any column, filter by text, export what is shown to
 * CSV. Sort and filter live in the URL (`?{id}.sort=value&{id}.q=nld`), so a view can be shared.
 */

interface Props<T> {
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly Column<T>[];
  readonly rows: readonly T[];
  readonly rowKey: (row: T) => string;
  readonly rowClass?: (row: T) => string | undefined;
  readonly empty?: string;
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  URL.revokeObjectURL(url);
}

export function DataTable<T>({ id, caption, columns, rows, rowKey, rowClass, empty }: Props<T>) {
  const [sort, setSort] = useQueryParam(`${id}.sort`);
  const [query, setQuery] = useQueryParam(`${id}.q`);
  const descending = sort.startsWith('-');
  const sortKey = descending ? sort.slice(1) : sort;

  const shown = useMemo(() => {
    const needle = query.trim().toLowerCase();
    const filtered = needle === '' ? [...rows] : rows.filter((row) => columns.some((c) => cellText(c.value(row)).toLowerCase().includes(needle)));
    const column = columns.find((c) => c.key === sortKey);
    if (column) {
      filtered.sort((a, b) => {
        const x = cellText(column.value(a));
        const y = cellText(column.value(b));
        const order = column.numeric && x !== '' && y !== '' ? compareDecimal(x, y) : x.localeCompare(y);
        return descending ? -order : order;
      });
    }
    return filtered;
  }, [rows, columns, query, sortKey, descending]);

  return (
    <section className="table-block" aria-label={caption}>
      <div className="table-tools">
        <input
          type="search"
          placeholder="Filter…"
          aria-label={`Filter ${caption}`}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          data-testid={`${id}-filter`}
        />
        <span className="muted">
          {shown.length} of {rows.length}
        </span>
        <button type="button" className="secondary" onClick={() => download(`${id}.csv`, toCsv(columns, shown))} data-testid={`${id}-csv`}>
          Export CSV
        </button>
      </div>
      <div className="table-scroll">
        <table data-testid={`${id}-table`}>
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => {
                const active = column.key === sortKey;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    className={column.align === 'right' ? 'num' : undefined}
                    aria-sort={active ? (descending ? 'descending' : 'ascending') : 'none'}
                  >
                    <button type="button" className="sort" onClick={() => setSort(active && !descending ? `-${column.key}` : column.key)}>
                      {column.header}
                      <span aria-hidden="true">{active ? (descending ? ' ▾' : ' ▴') : ''}</span>
                    </button>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {shown.length === 0 ? (
              <tr>
                <td colSpan={columns.length} className="muted">
                  {empty ?? 'Nothing to show.'}
                </td>
              </tr>
            ) : (
              shown.map((row) => (
                <tr key={rowKey(row)} className={rowClass?.(row)}>
                  {columns.map((column) => (
                    <td key={column.key} className={column.align === 'right' ? 'num' : undefined} data-label={column.header}>
                      {column.render ? column.render(row) : cellText(column.value(row))}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
