import type { CostBreakdown as Breakdown, Report } from './api';
import { formatMoney, formatPercent, moneyNumber } from './format';

/** The cost lines of docs/costs.md, as a finance user names them. */
const LINES: { id: keyof Breakdown; label: string; title: string }[] = [
  { id: 'expenses', label: 'Campaign expenses', title: 'the catalog expenses of the campaigns, spread over their run' },
  { id: 'message', label: 'Messages', title: 'per message sent or received, x its segments' },
  { id: 'carrier_fee', label: 'Carrier fees', title: 'per message, the carrier surcharges' },
  { id: 'platform_fee', label: 'Platform fee', title: 'the subscription, amortized per day of the period' },
  { id: 'call', label: 'Calls', title: 'per call placed' },
  { id: 'agent_hour', label: 'Agent hours', title: 'timesheet hours x the hourly rate' },
  { id: 'commission', label: 'Commissions', title: 'per sale: a flat amount or a share of its revenue' },
];

/** Where the money goes: the selection's cost by line, largest first, with its share. */
export function CostBreakdown({ report, filtered }: { report: Report; filtered: boolean }) {
  const breakdown = report.tiles.cost_breakdown;
  const total = moneyNumber(report.tiles.cost) ?? 0;
  const lines = breakdown
    ? LINES.map((line) => ({ ...line, amount: breakdown[line.id], value: moneyNumber(breakdown[line.id]) ?? 0 }))
        .filter((line) => line.value !== 0)
        .sort((left, right) => right.value - left.value)
    : [];
  return (
    <section class="card" aria-label="Cost breakdown">
      <div class="chart-tools">
        <h2>Cost breakdown</h2>
      </div>
      {lines.length === 0 ? (
        <p class="empty">No cost in this selection.</p>
      ) : (
        <>
          <ul class="breakdown">
            {lines.map((line) => {
              const share = total > 0 ? line.value / total : null;
              return (
                <li data-cost-line={line.id} title={line.title}>
                  <div class="breakdown-head">
                    <span>{line.label}</span>
                    <span class="amount">{formatMoney(line.amount, report.currency)}</span>
                    <span class="share muted">{formatPercent(share)}</span>
                  </div>
                  <div class="bar">
                    <div style={{ width: `${Math.min(1, Math.max(0, share ?? 0)) * 100}%` }} />
                  </div>
                </li>
              );
            })}
          </ul>
          <div class="breakdown-total" data-cost-line="total">
            <span>Total cost</span>
            <span class="amount">{formatMoney(report.tiles.cost, report.currency)}</span>
          </div>
          {filtered && (
            <p class="hint">
              A filtered selection leaves out the workspace's own costs (the platform fee, calls and hours without a
              campaign).
            </p>
          )}
        </>
      )}
    </section>
  );
}
