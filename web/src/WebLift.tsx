import type { WebCampaign } from './api';
import { DASH, formatCount, formatMoney, formatMoneyNumber, formatPercent, moneyNumber } from './format';
import { countInterval, goalWords, moneyInterval, NO_INTERVAL } from './web';

/** The lift over the control group, laid out as the seed's worked example (docs/web.md "Lift
 * over the control group"): the treatment and control groups' sizes, converters, rates and AOV,
 * the actual revenue, the baseline (the audience at the control group's rate and revenue per
 * visitor) and the difference with its 95% interval. Without a control group, says so. */
export function WebLift({ row, currency }: { row: WebCampaign; currency: string }) {
  const words = goalWords(row.goal_type);
  const lift = row.lift;
  const treatment = row.groups.treatment;
  const control = row.groups.control;
  if (lift === null) {
    return (
      <section class="card" aria-label="Lift over the control group">
        <div class="chart-tools">
          <h2>Lift over the control group</h2>
        </div>
        <p class="empty" data-testid="no-control">
          No control group: no visitor of this campaign was assigned to control in this period, so there is no baseline
          and no incremental {words.lower}. The groups' rates above still apply.
        </p>
      </section>
    );
  }
  const hasRevenue = lift.actual_revenue !== null;
  // The baseline split between the groups: the control's own numbers, the treatment's the rest.
  const treatmentBaseline = lift.baseline_conversions - control.converters;
  const treatmentBaselineRevenue =
    hasRevenue && lift.baseline_revenue !== null
      ? formatMoneyNumber((moneyNumber(lift.baseline_revenue) ?? 0) - (moneyNumber(control.revenue) ?? 0), currency)
      : DASH;
  const perControlVisitor =
    hasRevenue && control.users > 0 ? (moneyNumber(control.revenue) ?? 0) / control.users : null;
  const conversionsCi = countInterval(lift.incremental_conversions_ci);
  const revenueCi = moneyInterval(lift.incremental_revenue_ci, currency);

  const rows: { id: string; label: string; cells: [string, string, string]; title?: string }[] = [
    {
      id: 'users',
      label: 'Size of group',
      cells: [formatCount(treatment.users), formatCount(control.users), formatCount(lift.audience)],
      title: 'visitors; the total is the audience',
    },
    {
      id: 'converters',
      label: words.plural === 'Conversions' ? 'Visitors who converted' : 'Visitors who reached the goal',
      cells: [formatCount(treatment.converters), formatCount(control.converters), formatCount(lift.actual_conversions)],
    },
    {
      id: 'conversion_rate',
      label: words.rate,
      cells: [
        formatPercent(treatment.conversion_rate),
        formatPercent(control.conversion_rate),
        formatPercent(lift.audience > 0 ? lift.actual_conversions / lift.audience : null),
      ],
    },
  ];
  if (hasRevenue) {
    rows.push(
      {
        id: 'aov',
        label: 'Average order value',
        cells: [formatMoney(treatment.aov, currency), formatMoney(control.aov, currency), ''],
      },
      {
        id: 'actual_revenue',
        label: 'Total actual revenue',
        cells: [
          formatMoney(treatment.revenue, currency),
          formatMoney(control.revenue, currency),
          formatMoney(lift.actual_revenue, currency),
        ],
      },
    );
  }
  rows.push({
    id: 'baseline_conversions',
    label: `${words.plural} without the campaign`,
    cells: [formatCount(treatmentBaseline), formatCount(control.converters), formatCount(lift.baseline_conversions)],
    title: "the baseline: each group at the control group's rate",
  });
  if (hasRevenue) {
    rows.push({
      id: 'baseline_revenue',
      label: 'Total revenue without the campaign',
      cells: [treatmentBaselineRevenue, formatMoney(control.revenue, currency), formatMoney(lift.baseline_revenue, currency)],
      title: "the baseline: each group at the control group's revenue per visitor",
    });
  }

  return (
    <section class="card" aria-label="Lift over the control group">
      <div class="chart-tools">
        <h2>Lift over the control group</h2>
      </div>
      <div class="scroll">
        <table class="campaigns compact web-lift">
          <thead>
            <tr>
              <th scope="col"><span class="sr-only">Measure</span></th>
              <th scope="col" class="num">Treatment (shown the campaign)</th>
              <th scope="col" class="num">Control group</th>
              <th scope="col" class="num">Total</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((line) => (
              <tr data-row={line.id} title={line.title}>
                <th scope="row">{line.label}</th>
                <td class="num" data-cell="treatment">{line.cells[0]}</td>
                <td class="num" data-cell="control">{line.cells[1]}</td>
                <td class="num" data-cell="total">{line.cells[2]}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr data-row="incremental_conversions" class={lift.incremental_conversions < 0 ? 'negative' : undefined}>
              <th scope="row">{words.incremental}</th>
              <td class="num" colSpan={3}>
                <span data-cell="total">{formatCount(lift.incremental_conversions)}</span>{' '}
                <span class="muted" data-ci={conversionsCi ? '' : undefined} data-no-ci={conversionsCi ? undefined : ''}>
                  {conversionsCi ? `(${conversionsCi})` : `(${NO_INTERVAL})`}
                </span>
              </td>
            </tr>
            {hasRevenue && (
              <tr
                data-row="incremental_revenue"
                class={lift.incremental_revenue?.startsWith('-') ? 'negative' : undefined}
              >
                <th scope="row">Incremental revenue</th>
                <td class="num" colSpan={3}>
                  <span data-cell="total">{formatMoney(lift.incremental_revenue, currency)}</span>{' '}
                  <span class="muted" data-ci={revenueCi ? '' : undefined} data-no-ci={revenueCi ? undefined : ''}>
                    {revenueCi ? `(${revenueCi})` : `(${NO_INTERVAL})`}
                  </span>
                </td>
              </tr>
            )}
          </tfoot>
        </table>
      </div>
      <p class="hint" data-testid="baseline">
        Baseline: the audience of {formatCount(lift.audience)} at the control group's {words.rate.toLowerCase()} of{' '}
        {formatPercent(control.conversion_rate)} gives {formatCount(lift.baseline_conversions)} {words.lower}
        {perControlVisitor !== null
          ? `, and at its ${formatMoneyNumber(perControlVisitor, currency)} of revenue per visitor ${formatMoney(
              lift.baseline_revenue,
              currency,
            )}`
          : ''}
        . The intervals are Welch's 95% intervals for the difference between the groups (docs/web.md).
      </p>
    </section>
  );
}
