import type { Metrics } from './api';
import { formatCount, formatPercent } from './format';

interface Step {
  id: 'sent' | 'reached' | 'opened' | 'products';
  label: string;
  count: number | null;
  /** What is counted: messages, customers or products. */
  unit: string;
  /** The step's rate against the step before it, and what it is called. */
  rate?: { value: number | null; label: string; title: string };
  /** A second rate (the last step's conversion rate per customer reached). */
  extra?: { value: number | null; label: string; title: string };
}

const ratio = (numerator: number | null | undefined, denominator: number | null | undefined): number | null =>
  numerator === null || numerator === undefined || !denominator ? null : numerator / denominator;

/** The bank seed's attribution flow over the selection: campaign sent, customer reached,
 * customer opened, product opened in the influence period, each step with its rate against the
 * step before (open rate for opened) and the conversion rate per customer reached at the end. */
export function BankFunnel({ tiles }: { tiles: Metrics }) {
  const steps: Step[] = [
    { id: 'sent', label: 'Sent', count: tiles.sent, unit: 'messages' },
    {
      id: 'reached',
      label: 'Reached',
      count: tiles.reached_users ?? null,
      unit: 'customers',
      rate: { value: ratio(tiles.reached_users, tiles.sent), label: 'of sent', title: 'customers reached / messages sent' },
    },
    {
      id: 'opened',
      label: 'Opened',
      count: tiles.opened_users ?? null,
      unit: 'customers',
      rate: { value: tiles.open_rate ?? null, label: 'open rate', title: 'opened / customers reached' },
    },
    {
      id: 'products',
      label: 'Products opened',
      count: tiles.conversions,
      unit: 'products',
      rate: {
        value: ratio(tiles.conversions, tiles.opened_users),
        label: 'per customer who opened',
        title: 'products opened / customers who opened',
      },
      extra: {
        value: tiles.products_per_reached ?? null,
        label: 'conversion rate',
        title: 'products opened / customers reached',
      },
    },
  ];
  const largest = Math.max(0, ...steps.map((step) => step.count ?? 0));
  const noSent = tiles.sent === 0 && (tiles.reached_users ?? 0) > 0;
  return (
    <section class="card" aria-label="Attribution funnel">
      <div class="chart-tools">
        <h2>Attribution funnel</h2>
      </div>
      <ol class="funnel">
        {steps.map((step) => {
          const share = largest > 0 ? (step.count ?? 0) / largest : 0;
          return (
            <li data-step={step.id}>
              <div class="funnel-head">
                <span class="funnel-name">{step.label}</span>
                <span class="funnel-count">
                  <span data-count>{formatCount(step.count)}</span> <span class="muted">{step.unit}</span>
                </span>
              </div>
              <div class="funnel-bar" aria-hidden="true">
                <div style={{ width: `${share * 100}%` }} />
              </div>
              {(step.rate || step.extra) && (
                <div class="funnel-rates">
                  {step.rate && (
                    <span title={step.rate.title}>
                      <span class="funnel-rate" data-rate>
                        {formatPercent(step.rate.value)}
                      </span>{' '}
                      {step.rate.label}
                    </span>
                  )}
                  {step.extra && (
                    <span title={step.extra.title}>
                      <span class="funnel-rate" data-extra-rate>
                        {formatPercent(step.extra.value)}
                      </span>{' '}
                      {step.extra.label}
                    </span>
                  )}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <p class="hint">
        {noSent ? 'No sent event in this selection, so the flow starts at Reached. ' : ''}A product counts when a customer
        the campaign reached, and who opened it, opens it within the influence period.
      </p>
    </section>
  );
}
