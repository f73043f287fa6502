import { useMemo } from 'preact/hooks';

import type { WebCampaign, WebFunnelSeries } from './api';
import type { Bucket } from './filters';
import { formatCount } from './format';
import { campaignPoints, goalWords, WEB_COLORS } from './web';
import { type TrendSeries, WebTrendChart } from './WebTrendChart';

const count = (value: number) => formatCount(value);

/** The seed's Performance widget: exposures, engagements and conversions (or goals reached) of
 * the campaign per day, week or month. */
export function WebPerformanceChart({
  row,
  series,
  bucket,
}: {
  row: WebCampaign;
  series: WebFunnelSeries;
  bucket: Bucket;
}) {
  const words = goalWords(row.goal_type);
  const trend = useMemo(() => {
    const points = campaignPoints(series, row.campaign_id);
    const kind = points.length > 40 ? 'line' : 'bar';
    const of = (value: (point: (typeof points)[number]) => number) => points.map((point) => (point.row ? value(point) : 0));
    return {
      starts: points.map((point) => point.start),
      bars: [
        { name: 'Exposures', kind, color: WEB_COLORS.exposures, data: of((point) => point.row!.exposures) },
        { name: 'Engagements', kind, color: WEB_COLORS.engagements, data: of((point) => point.row!.engagements) },
        { name: words.plural, kind, color: WEB_COLORS.conversions, data: of((point) => point.row!.conversions) },
      ] as TrendSeries[],
    };
  }, [series, row.campaign_id, words.plural]);
  return (
    <section class="card" aria-label="Performance">
      <div class="chart-tools">
        <h2>Performance</h2>
      </div>
      {trend.starts.length === 0 ? (
        <p class="empty">No data in this period.</p>
      ) : (
        <WebTrendChart
          starts={trend.starts}
          series={trend.bars}
          format={count}
          label={`Exposures, engagements and ${words.lower} per ${bucket}`}
        />
      )}
    </section>
  );
}
