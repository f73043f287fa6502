import type { ApiError, Goal, Goals, GoalStatus } from './api';
import { formatDay, formatMoney, formatMonth, formatPercent, moneyNumber } from './format';
import { useFetch } from './useFetch';

/** Status in words too, not colour alone (docs/costs.md: green from 100%, amber from 80%). */
const STATUS_TEXT: Record<GoalStatus, string> = { green: 'On track', amber: 'At risk', red: 'Behind' };

function StatusBadge({ status }: { status: GoalStatus | null }) {
  if (status === null) return <span class="badge">No data</span>;
  return (
    <span class={`badge status-${status}`} data-status-text>
      <span class="dot" aria-hidden="true" />
      {STATUS_TEXT[status]}
    </span>
  );
}

/** A share of a whole as a CSS width, clamped to the bar. */
function width(part: number | null, whole: number | null): string {
  if (part === null || whole === null || whole <= 0) return '0%';
  return `${Math.min(1, Math.max(0, part / whole)) * 100}%`;
}

function RevenueTarget({ goal, goals }: { goal: Goal; goals: Goals }) {
  const target = moneyNumber(goal.revenue_target);
  const projected = moneyNumber(goal.projected_revenue);
  const money = (value: string | null) => formatMoney(value, goals.currency);
  return (
    <div class="target" data-target="revenue" data-status={goal.revenue_status ?? ''}>
      <div class="target-head">
        <span class="target-name">Revenue</span>
        <StatusBadge status={goal.revenue_status} />
      </div>
      <div
        class="meter"
        role="meter"
        aria-label="Revenue so far against the month's goal"
        aria-valuemin={0}
        aria-valuemax={target ?? 0}
        aria-valuenow={moneyNumber(goal.revenue) ?? 0}
      >
        <div class="meter-projected" style={{ width: width(projected, target) }} />
        <div class={`meter-fill status-${goal.revenue_status}`} style={{ width: width(moneyNumber(goal.revenue), target) }} />
        <div
          class="meter-mark"
          style={{ left: width(moneyNumber(goal.revenue_expected), target) }}
          title={`expected by ${formatDay(goals.today)}`}
        />
      </div>
      <p class="target-text">
        <strong data-progress>{formatPercent(goal.revenue_progress)}</strong> of the pace: {money(goal.revenue)} so far,{' '}
        {money(goal.revenue_expected)} expected by {formatDay(goals.today)}
      </p>
      <p class="target-text muted">
        Goal {money(goal.revenue_target)} · projected <span data-projected>{money(goal.projected_revenue)}</span>
        {projected !== null && target !== null && target > 0 && ` (${formatPercent(projected / target)} of the goal)`}
      </p>
    </div>
  );
}

function RoiTarget({ goal }: { goal: Goal }) {
  return (
    <div class="target" data-target="roi" data-status={goal.roi_status ?? ''}>
      <div class="target-head">
        <span class="target-name">ROI</span>
        <StatusBadge status={goal.roi_status} />
      </div>
      <div class="meter" role="meter" aria-label="ROI against its goal" aria-valuemin={0} aria-valuemax={1}
        aria-valuenow={goal.roi_progress ?? 0}>
        <div class={`meter-fill status-${goal.roi_status}`} style={{ width: width(goal.roi_progress, 1) }} />
      </div>
      <p class="target-text">
        {goal.roi_progress !== null && (
          <>
            <strong data-progress>{formatPercent(goal.roi_progress)}</strong> of the goal:{' '}
          </>
        )}
        ROI {formatPercent(goal.roi)} against {formatPercent(goal.roi_target)}
      </p>
    </div>
  );
}

function GoalCard({ goal, goals }: { goal: Goal; goals: Goals }) {
  const money = (value: string | null) => formatMoney(value, goals.currency);
  return (
    <article class="goal" data-goal={goal.campaign_id ?? 'workspace'}>
      <h3>
        {goal.campaign_id === null ? 'Whole workspace' : (goal.name ?? goal.campaign_id)}
        {goal.campaign_id !== null && goal.name !== null && <span class="muted"> · {goal.campaign_id}</span>}
      </h3>
      {goal.revenue_target !== null ? (
        <RevenueTarget goal={goal} goals={goals} />
      ) : (
        <p class="target-text muted">
          No revenue goal · {money(goal.revenue)} so far, projected {money(goal.projected_revenue)}
        </p>
      )}
      {goal.roi_target !== null ? (
        <RoiTarget goal={goal} />
      ) : (
        <p class="target-text muted">No ROI goal · ROI so far {formatPercent(goal.roi)}</p>
      )}
    </article>
  );
}

/** The month's revenue and ROI targets (`targets:` in the settings) with their progress,
 * status and projection, measured at a chosen day (default today). */
export function TargetsPanel({
  today,
  conversion,
  refreshes,
  onToday,
  onError,
}: {
  today: string;
  conversion: string | undefined;
  refreshes: number;
  onToday: (today: string) => void;
  onError: (caught: unknown) => ApiError;
}) {
  const load = useFetch<Goals>('/goals', { today: today || undefined, conversion }, refreshes, onError);
  const goals = load?.state === 'ready' ? load.value : null;
  return (
    <section class="card" aria-label="Targets">
      <div class="chart-tools">
        <h2>
          Targets{goals && ` for ${formatMonth(goals.month)}`}
          {goals && (
            <span class="muted heading-note">
              {' '}
              · day {goals.days_elapsed} of {goals.days_in_month}
            </span>
          )}
        </h2>
        <label class="inline-label">
          As of
          <input
            type="date"
            name="goals-today"
            value={today || goals?.today || ''}
            onChange={(event) => onToday((event.target as HTMLInputElement).value)}
          />
        </label>
        {today && (
          <button type="button" class="link" onClick={() => onToday('')}>
            Today
          </button>
        )}
      </div>
      {load === null || load.state === 'loading' ? (
        <p class="status">Loading the targets…</p>
      ) : load.state === 'error' ? (
        <p class="error" role="alert">{load.error.message}</p>
      ) : load.value.goals.length === 0 ? (
        <p class="empty">
          No target for {formatMonth(load.value.month)}. Set monthly revenue and ROI goals for the workspace or a
          campaign under <code>targets:</code> in the settings (docs/costs.md).
        </p>
      ) : (
        <>
          <div class="goals">
            {load.value.goals.map((goal) => (
              <GoalCard goal={goal} goals={load.value} />
            ))}
          </div>
          <p class="hint">
            Revenue bars run to the month's goal: the tick marks the revenue expected by{' '}
            {formatDay(load.value.today)}, the hatched part the projection of the month (the trend of the daily
            revenue so far). Green from 100% of the pace, amber from 80%, red below.
          </p>
        </>
      )}
    </section>
  );
}
