import { useMemo, useState } from 'preact/hooks';

import type { AgentRanking as Ranking, AgentStats, ApiError, Params } from './api';
import { formatCount, formatMoney, formatMoneyNumber, formatMultiple, moneyNumber } from './format';
import { useFetch } from './useFetch';

interface AgentColumn {
  id: keyof AgentStats;
  label: string;
  title?: string;
  value: (row: AgentStats) => number | null;
  format: (row: AgentStats, currency: string) => string;
}

const money = (id: 'revenue' | 'labor_cost' | 'commission', label: string, title?: string): AgentColumn => ({
  id,
  label,
  title,
  value: (row) => moneyNumber(row[id]),
  format: (row, currency) => formatMoney(row[id], currency),
});

const count = (id: 'calls' | 'sales' | 'hours', label: string, title?: string): AgentColumn => ({
  id,
  label,
  title,
  value: (row) => row[id],
  format: (row) => formatCount(row[id]),
});

const COLUMNS: AgentColumn[] = [
  count('calls', 'Calls'),
  count('sales', 'Sales', 'sales the agent made, whatever the attribution model'),
  money('revenue', 'Revenue'),
  count('hours', 'Hours', 'timesheet hours in the period'),
  money('labor_cost', 'Labor cost', 'hours x the agent hour rate in force'),
  money('commission', 'Commission'),
  {
    id: 'revenue_per_hour',
    label: 'Revenue / hour',
    value: (row) => row.revenue_per_hour,
    format: (row, currency) => formatMoneyNumber(row.revenue_per_hour, currency),
  },
  {
    id: 'efficiency',
    label: 'Efficiency',
    title: 'revenue / labor cost',
    value: (row) => row.efficiency,
    format: (row) => formatMultiple(row.efficiency),
  },
];

/** The call-center agent ranking (docs/costs.md "Agent ranking"): shown only when the period has
 * agents. `campaigns`, when the report is filtered, keeps the calls, sales and hours of the
 * selected campaigns; an empty list means nothing is selected. */
export function AgentRanking({
  params,
  campaigns,
  refreshes,
  onError,
}: {
  params: Params;
  campaigns: string[] | null;
  refreshes: number;
  onError: (caught: unknown) => ApiError;
}) {
  const query =
    campaigns !== null && campaigns.length === 0
      ? null
      : { conversion: params.conversion, from: params.from, to: params.to, campaign: campaigns ?? undefined };
  const load = useFetch<Ranking>('/agents', query, refreshes, onError);
  const [sort, setSort] = useState<{ id: string; descending: boolean }>({ id: 'revenue', descending: true });

  const rows = useMemo(() => {
    if (load?.state !== 'ready') return [];
    const direction = sort.descending ? -1 : 1;
    const column = COLUMNS.find((candidate) => candidate.id === sort.id);
    return [...load.value.agents].sort((left, right) => {
      if (!column) return direction * left.agent_id.localeCompare(right.agent_id);
      const a = column.value(left);
      const b = column.value(right);
      if (a === b) return left.agent_id.localeCompare(right.agent_id);
      if (a === null) return 1; // nulls last in both directions
      if (b === null) return -1;
      return direction * (a - b);
    });
  }, [load, sort]);

  if (load === null || load.state === 'loading') return null;
  if (load.state === 'error') {
    return (
      <section class="card error" role="alert" aria-label="Agent ranking">
        {load.error.message}
      </section>
    );
  }
  const ranking = load.value;
  if (ranking.agents.length === 0) return null;

  const header = (id: string, label: string, numeric: boolean, title?: string) => {
    const active = sort.id === id;
    return (
      <th class={numeric ? 'num' : ''} title={title} aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : 'none'}>
        <button type="button" onClick={() => setSort({ id, descending: active ? !sort.descending : numeric })}>
          {label}
          {active ? (sort.descending ? ' ▼' : ' ▲') : ''}
        </button>
      </th>
    );
  };
  return (
    <section class="card table-card" aria-label="Agent ranking">
      <div class="table-tools">
        <h2>Agent ranking</h2>
        <span class="hint">
          {ranking.agents.length} agent{ranking.agents.length === 1 ? '' : 's'} · sales of {ranking.conversion}
          {campaigns !== null && ' · selected campaigns only'}
        </span>
      </div>
      <div class="scroll">
        <table class="campaigns agents">
          <thead>
            <tr>
              <th class="num rank">#</th>
              {header('agent_id', 'Agent', false)}
              {COLUMNS.map((column) => header(column.id, column.label, true, column.title))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, index) => (
              <tr data-agent={row.agent_id}>
                <td class="num rank muted">{index + 1}</td>
                <td class="name">{row.agent_id}</td>
                {COLUMNS.map((column) => (
                  <td class="num" data-column={column.id}>
                    {column.format(row, ranking.currency)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-agent="totals">
              <td />
              <td class="name">All agents</td>
              {COLUMNS.map((column) => (
                <td class="num" data-column={column.id}>
                  {column.format(ranking.totals, ranking.currency)}
                </td>
              ))}
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}
