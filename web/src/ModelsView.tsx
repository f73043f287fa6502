import { useState } from 'preact/hooks';

import type { ApiError, ModelComparison, ModelCredit } from './api';
import { type CreditMetric, creditValue } from './columns';
import { csvText, downloadCsv } from './csv';
import { compareParams, type Filters } from './filters';
import { DASH, formatCount, formatModel, formatMoney, formatWindow } from './format';
import { ModelsChart } from './ModelsChart';
import { useFetch } from './useFetch';

/** What a cell shows: one number, or both. */
type Shown = CreditMetric | 'both';

const SHOWN: { value: Shown; label: string }[] = [
  { value: 'conversions', label: 'Conversions' },
  { value: 'revenue', label: 'Revenue' },
  { value: 'both', label: 'Both' },
];

/** Rows shown before "Show all": a workspace may have thousands of campaigns. */
const FIRST_ROWS = 50;

/** The comparison as `payback report --compare-models --format csv` writes it: campaign_id, name,
 * channel, then <model>_conversions and <model>_revenue per model, rows in the server's order. */
export function modelComparisonCsv(comparison: ModelComparison): string {
  const header = ['campaign_id', 'name', 'channel'];
  for (const model of comparison.models) header.push(`${model}_conversions`, `${model}_revenue`);
  const rows = comparison.campaigns.map((row) => [
    row.campaign_id,
    row.name,
    row.channel,
    ...comparison.models.flatMap((model) => [row.models[model]?.conversions ?? null, row.models[model]?.revenue ?? null]),
  ]);
  return csvText([header, ...rows]);
}

/** Conversions and (or) revenue of one model's credit; a zero is muted so the credit stands out. */
function Credit({ credit, shown, currency }: { credit: ModelCredit | undefined; shown: Shown; currency: string }) {
  if (credit === undefined) return <span>{DASH}</span>;
  const conversions = (
    <span data-credit="conversions" class={credit.conversions === 0 ? 'zero' : undefined}>
      {formatCount(credit.conversions)}
    </span>
  );
  const revenue = (
    <span data-credit="revenue" class={creditValue(credit, 'revenue') === 0 ? 'zero' : undefined}>
      {formatMoney(credit.revenue, currency)}
    </span>
  );
  if (shown === 'conversions') return conversions;
  if (shown === 'revenue') return revenue;
  return (
    <>
      <div>{conversions}</div>
      <div class="sub">{revenue}</div>
    </>
  );
}

/** The Models view: the campaigns' credit under every attribution model side by side (GET
 * /compare-models), for the current conversion, period and campaign filters: a tile per model,
 * the top campaigns' credit per model as a chart, and the campaigns x models table, sortable by
 * any model. The definition's own model is highlighted. */
export function ModelsView({
  filters,
  refreshes,
  onError,
}: {
  filters: Filters;
  refreshes: number;
  onError: (caught: unknown) => ApiError;
}) {
  const load = useFetch<ModelComparison>('/compare-models', compareParams(filters), refreshes, onError);
  const [chosen, setChosen] = useState<Shown>('conversions');
  // null: by the definition's own model, highest first (the server's order).
  const [sort, setSort] = useState<{ id: string; descending: boolean } | null>(null);
  const [all, setAll] = useState(false);

  if (load === null || load.state === 'loading') {
    return <section class="card status" aria-busy="true">Comparing the attribution models…</section>;
  }
  if (load.state === 'error') return <section class="card error" role="alert">{load.error.message}</section>;

  const comparison = load.value;
  const { models, model: own, currency } = comparison;
  // Without a value property every revenue is null: conversions only.
  const hasValue = models.some((model) => comparison.tiles[model]?.revenue !== null);
  const shown: Shown = hasValue ? chosen : 'conversions';
  const metric: CreditMetric = shown === 'revenue' ? 'revenue' : 'conversions';

  const order = sort ?? { id: own, descending: true };
  const direction = order.descending ? -1 : 1;
  // Array.prototype.sort is stable: ties keep the server's order (the own model's, then id).
  const rows = [...comparison.campaigns].sort((left, right) =>
    order.id === 'name'
      ? direction * (left.name ?? left.campaign_id).localeCompare(right.name ?? right.campaign_id)
      : direction * (creditValue(left.models[order.id], metric) - creditValue(right.models[order.id], metric)),
  );
  const visible = all ? rows : rows.slice(0, FIRST_ROWS);

  const header = (id: string, label: string, numeric: boolean) => {
    const active = order.id === id;
    return (
      <th
        class={[numeric ? 'num' : '', id === own ? 'own' : ''].join(' ').trim() || undefined}
        data-model={numeric ? id : undefined}
        aria-sort={active ? (order.descending ? 'descending' : 'ascending') : 'none'}
      >
        <button type="button" onClick={() => setSort({ id, descending: active ? !order.descending : numeric })}>
          {label}
          {active ? (order.descending ? ' ▼' : ' ▲') : ''}
        </button>
        {id === own && <div class="tag">configured</div>}
      </th>
    );
  };

  return (
    <>
      <div class="models-head">
        <h2>Attribution models side by side</h2>
        <button
          type="button"
          class="secondary"
          data-testid="models-csv"
          title="The comparison as CSV, as payback report --compare-models --format csv writes it"
          onClick={() => downloadCsv('payback-compare-models.csv', modelComparisonCsv(comparison))}
        >
          Export CSV
        </button>
        {hasValue && (
          <div class="segmented" role="group" aria-label="Numbers shown">
            {SHOWN.map((item) => (
              <button type="button" data-shown={item.value} aria-pressed={shown === item.value} onClick={() => setChosen(item.value)}>
                {item.label}
              </button>
            ))}
          </div>
        )}
        <p class="hint" data-testid="models-note">
          Any touch gives full credit to every campaign touched, so its rows can add up to more than the total; direct
          credits only the campaign the conversion event itself names.
        </p>
      </div>
      <section class="tiles model-tiles" aria-label="Totals per model">
        {models.map((model) => {
          const tile = comparison.tiles[model];
          return (
            <div
              class={model === own ? 'tile own' : 'tile'}
              data-model-tile={model}
              title={`${formatModel(model)}: ${tile?.unattributed_conversions ?? 0} conversion(s) credited to no campaign`}
            >
              <div class="tile-label">
                {formatModel(model)}
                {model === own && ' · configured'}
              </div>
              <div class="tile-value">
                <Credit credit={tile} shown={shown} currency={currency} />
              </div>
            </div>
          );
        })}
      </section>
      <ModelsChart comparison={comparison} metric={metric} />
      <section class="card table-card" aria-label="Campaigns under every model">
        <div class="table-tools">
          <h2>Campaigns under every model</h2>
          <span class="hint">
            {comparison.conversion} · window {formatWindow(comparison.window_s)} · sorted by{' '}
            {order.id === 'name' ? 'name' : `${formatModel(order.id).toLowerCase()} ${metric}`}
          </span>
        </div>
        {rows.length === 0 ? (
          <p class="empty">No campaign matches these filters.</p>
        ) : (
          <div class="scroll">
            <table class="campaigns models">
              <thead>
                <tr>
                  {header('name', 'Campaign', false)}
                  <th>Channel</th>
                  {models.map((model) => header(model, formatModel(model), true))}
                </tr>
              </thead>
              <tbody>
                {visible.map((row) => (
                  <tr data-campaign={row.campaign_id}>
                    <td>
                      <div class="name">{row.name ?? row.campaign_id}</div>
                      <div class="sub">{row.campaign_id}</div>
                    </td>
                    <td>{row.channel ?? DASH}</td>
                    {models.map((model) => (
                      <td class={model === own ? 'num own' : 'num'} data-model={model}>
                        <Credit credit={row.models[model]} shown={shown} currency={currency} />
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {rows.length > visible.length && (
          <div class="pager">
            <span>
              {visible.length} of {rows.length} campaigns
            </span>
            <button type="button" class="secondary" onClick={() => setAll(true)}>
              Show all
            </button>
          </div>
        )}
      </section>
    </>
  );
}
