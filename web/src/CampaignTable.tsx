import { useMemo, useState } from 'preact/hooks';

import type { Report } from './api';
import { campaignName, type Column, metricColumns } from './columns';

const PAGE_SIZES = [25, 50, 100];

/** The engagement performance table: sortable, searchable, paged, with a column chooser and
 * one column per custom KPI value. */
export function CampaignTable({ report }: { report: Report }) {
  const columns = useMemo(() => metricColumns(report.tiles, report.campaigns), [report]);
  // The columns the user showed or hid; the others follow their default, so the cost columns
  // appear once the report has costs.
  const [chosen, setChosen] = useState<Map<string, boolean>>(() => new Map());
  const isVisible = (column: Column) => chosen.get(column.id) ?? column.defaultVisible;
  const [sort, setSort] = useState<{ id: string; descending: boolean }>({ id: 'conversions', descending: true });
  const [search, setSearch] = useState('');
  const [pageSize, setPageSize] = useState(25);
  const [page, setPage] = useState(0);
  const [choosing, setChoosing] = useState(false);

  const visible = columns.filter(isVisible);
  const rows = useMemo(() => {
    const needle = search.trim().toLowerCase();
    const matching = needle
      ? report.campaigns.filter(
          (row) =>
            campaignName(row).toLowerCase().includes(needle) ||
            row.campaign_id.toLowerCase().includes(needle) ||
            row.labels.some((label) => label.toLowerCase().includes(needle)),
        )
      : report.campaigns;
    const column = columns.find((candidate) => candidate.id === sort.id);
    const direction = sort.descending ? -1 : 1;
    return [...matching].sort((left, right) => {
      if (sort.id === 'name') return direction * campaignName(left).localeCompare(campaignName(right));
      const a = column?.value(left) ?? null;
      const b = column?.value(right) ?? null;
      if (a === b) return left.campaign_id.localeCompare(right.campaign_id);
      if (a === null) return 1; // nulls last in both directions
      if (b === null) return -1;
      return direction * (a - b);
    });
  }, [report, columns, sort, search]);

  const pages = Math.max(1, Math.ceil(rows.length / pageSize));
  const current = Math.min(page, pages - 1);
  const shown = rows.slice(current * pageSize, (current + 1) * pageSize);

  const header = (id: string, label: string, numeric: boolean) => {
    const active = sort.id === id;
    return (
      <th
        class={numeric ? 'num' : ''}
        aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button
          type="button"
          onClick={() => setSort({ id, descending: active ? !sort.descending : numeric })}
        >
          {label}
          {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };
  const toggleColumn = (column: Column) => setChosen(new Map(chosen).set(column.id, !isVisible(column)));

  return (
    <section class="card table-card" aria-label="Engagement performance">
      <div class="table-tools">
        <h2>Engagement performance</h2>
        <input
          type="search"
          name="search"
          placeholder="Search campaigns"
          value={search}
          onInput={(event) => {
            setSearch((event.target as HTMLInputElement).value);
            setPage(0);
          }}
        />
        <button type="button" class="secondary" onClick={() => setChoosing(!choosing)} aria-expanded={choosing}>
          Columns
        </button>
      </div>
      {choosing && (
        <div class="chooser" role="group" aria-label="Visible columns">
          {columns.map((column) => (
            <label class="check">
              <input type="checkbox" checked={isVisible(column)} onChange={() => toggleColumn(column)} />
              {column.label}
            </label>
          ))}
        </div>
      )}
      {rows.length === 0 ? (
        <p class="empty">
          {report.campaigns.length === 0
            ? 'No campaign matches these filters.'
            : 'No campaign matches the search.'}
        </p>
      ) : (
        <div class="scroll">
          <table class="campaigns">
            <thead>
              <tr>
                {header('name', 'Campaign', false)}
                <th>Channel</th>
                <th>Status</th>
                {visible.map((column) => header(column.id, column.label, true))}
              </tr>
            </thead>
            <tbody>
              {shown.map((row) => (
                <tr data-campaign={row.campaign_id}>
                  <td>
                    <div class="name">{campaignName(row)}</div>
                    <div class="sub">
                      {row.campaign_id}
                      {row.labels.length > 0 && ` · ${row.labels.join(', ')}`}
                    </div>
                  </td>
                  <td>{row.channel ?? '–'}</td>
                  <td>{row.status ?? '–'}</td>
                  {visible.map((column) => (
                    <td class="num" data-column={column.id}>
                      {column.format(row, report.currency)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="pager">
        <span>
          {rows.length === 0
            ? '0 campaigns'
            : `${current * pageSize + 1}–${Math.min(rows.length, (current + 1) * pageSize)} of ${rows.length} campaigns`}
        </span>
        <label>
          Rows per page
          <select
            value={pageSize}
            onChange={(event) => {
              setPageSize(Number((event.target as HTMLSelectElement).value));
              setPage(0);
            }}
          >
            {PAGE_SIZES.map((size) => (
              <option value={size}>{size}</option>
            ))}
          </select>
        </label>
        <button type="button" class="secondary" disabled={current === 0} onClick={() => setPage(current - 1)}>
          Previous
        </button>
        <button type="button" class="secondary" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
          Next
        </button>
      </div>
    </section>
  );
}
