import { useMemo } from 'preact/hooks';

import type { WebCampaign, WebFunnelSeries } from './api';
import { formatPercent } from './format';
import { campaignPoints, goalTypeLabel, goalWords, WEB_COLORS } from './web';
import { type TrendSeries, WebTrendChart } from './WebTrendChart';

const percent = (value: number) => formatPercent(value);
const percentAxis = (value: number) => `${Math.round(value * 1000) / 10}%`;

/** The seed's "campaign vs goal type": the campaign's exposed conversion rate against the rate
 * pooled over every web campaign of its goal type (the grey average), for the period and over
 * time. */
export function WebGoalTypeChart({ row, series }: { row: WebCampaign; series: WebFunnelSeries | null }) {
  const words = goalWords(row.goal_type);
  const rate = row.groups.exposed.conversion_rate;
  const average = row.goal_type_conversion_rate;
  const trend = useMemo(() => {
    if (series === null) return null;
    const points = campaignPoints(series, row.campaign_id);
    return {
      starts: points.map((point) => point.start),
      lines: [
        {
          name: 'This campaign',
          kind: 'line',
          front: true,
          color: WEB_COLORS.campaign,
          data: points.map((point) => point.row?.groups.exposed.conversion_rate ?? null),
        },
        {
          name: `Average of ${goalTypeLabel(row.goal_type).toLowerCase()} campaigns`,
          kind: 'line',
          color: WEB_COLORS.average,
          data: points.map((point) => point.row?.goal_type_conversion_rate ?? null),
        },
      ] as TrendSeries[],
    };
  }, [series, row.campaign_id, row.goal_type]);
  const verdict =
    rate === null || average === null
      ? null
      : rate > average
      ? 'above the average'
      : rate < average
      ? 'below the average: the campaign may need adjusting'
      : 'at the average';
  return (
    <section class="card" aria-label="Campaign vs goal type">
      <div class="chart-tools">
        <h2>{words.rate}: campaign vs goal type</h2>
      </div>
      <p class="versus">
        <span data-rate="campaign">
          <span class="swatch line" style={{ background: WEB_COLORS.campaign }} /> This campaign{' '}
          <strong>{formatPercent(rate)}</strong>
        </span>
        <span data-rate="goal_type">
          <span class="swatch line" style={{ background: WEB_COLORS.average }} /> {goalTypeLabel(row.goal_type)} campaigns{' '}
          <strong>{formatPercent(average)}</strong>
        </span>
        {verdict && <span class="muted" data-verdict>{verdict}</span>}
      </p>
      {trend === null ? (
        <p class="status">Loading the chart…</p>
      ) : trend.starts.length === 0 ? (
        <p class="empty">No data in this period.</p>
      ) : (
        <WebTrendChart
          starts={trend.starts}
          series={trend.lines}
          format={percent}
          axisFormat={percentAxis}
          label={`The campaign's ${words.rate.toLowerCase()} against the average of its goal type over time`}
          height={220}
        />
      )}
      <p class="hint">
        The exposed visitors' rate; the average pools every web campaign of the same goal type (their converters over
        their exposed visitors).
      </p>
    </section>
  );
}
