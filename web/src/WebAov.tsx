import type { WebCampaign } from './api';
import { DASH, formatMoney, formatPercent, moneyNumber } from './format';
import { WEB_COLORS } from './web';

/** Whether the AOV widget applies (the seed): revenue after exposure and a control group. */
export function showsAov(row: WebCampaign): boolean {
  return row.groups.control.users > 0 && (moneyNumber(row.groups.exposed.revenue) ?? 0) > 0;
}

/** The seed's Average Order Value: the exposed visitors' AOV against the control group's. */
export function WebAov({ row, currency }: { row: WebCampaign; currency: string }) {
  const exposed = moneyNumber(row.groups.exposed.aov);
  const control = moneyNumber(row.groups.control.aov);
  const largest = Math.max(exposed ?? 0, control ?? 0);
  const difference = exposed !== null && control !== null && control !== 0 ? exposed / control - 1 : null;
  const bars = [
    { id: 'exposed', label: 'Exposed', value: row.groups.exposed.aov, number: exposed, color: WEB_COLORS.campaign },
    { id: 'control', label: 'Control group', value: row.groups.control.aov, number: control, color: WEB_COLORS.average },
  ];
  return (
    <section class="card" aria-label="Average order value">
      <div class="chart-tools">
        <h2>Average order value</h2>
      </div>
      <ul class="breakdown web-aov">
        {bars.map((bar) => (
          <li data-aov={bar.id}>
            <div class="breakdown-head">
              <span>{bar.label}</span>
              <span class="amount" data-value>{formatMoney(bar.value, currency)}</span>
            </div>
            <div class="bar" aria-hidden="true">
              <div style={{ width: `${largest > 0 ? ((bar.number ?? 0) / largest) * 100 : 0}%`, background: bar.color }} />
            </div>
          </li>
        ))}
      </ul>
      <p class="hint" data-aov-verdict>
        {difference === null
          ? control === null
            ? 'The control group bought nothing, so it has no AOV to compare with.'
            : DASH
          : difference > 0
          ? `Exposed visitors spend ${formatPercent(difference)} more per order than the control group: the campaign raised the AOV.`
          : difference < 0
          ? `Exposed visitors spend ${formatPercent(-difference)} less per order than the control group.`
          : 'Exposed visitors spend as much per order as the control group.'}
      </p>
    </section>
  );
}
