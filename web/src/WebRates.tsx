import { useMemo } from 'preact/hooks';

import type { WebCampaign, WebFunnelSeries, WebGroupName } from './api';
import { formatCount, formatPercent } from './format';
import { campaignPoints, goalWords, WEB_COLORS } from './web';
import { type TrendSeries, WebTrendChart } from './WebTrendChart';

/** The seed's channels and the group behind each (docs/web.md "Groups and their rates"). */
export const CHANNELS: { group: WebGroupName; label: string; title: string; color: string }[] = [
  { group: 'chat', label: 'Chat', title: 'visitors who had an interactive chat', color: WEB_COLORS.chat },
  {
    group: 'exposed',
    label: 'Content view-through',
    title: 'visitors exposed to the campaign, whether they engaged or not',
    color: WEB_COLORS.viewThrough,
  },
  {
    group: 'content_click',
    label: 'Content click-through',
    title: 'visitors who clicked on the content',
    color: WEB_COLORS.clickThrough,
  },
  { group: 'control', label: 'Control group', title: 'visitors held out: they saw nothing', color: WEB_COLORS.control },
];

const percent = (value: number) => formatPercent(value);
const percentAxis = (value: number) => `${Math.round(value * 1000) / 10}%`;

/** Conversion (goal reached) rates by channel: chat, content view-through, content click-through
 * and the control group, as numbers for the period and over time. */
export function WebRates({ row, series }: { row: WebCampaign; series: WebFunnelSeries | null }) {
  const words = goalWords(row.goal_type);
  const trend = useMemo(() => {
    if (series === null) return null;
    const points = campaignPoints(series, row.campaign_id);
    return {
      starts: points.map((point) => point.start),
      lines: CHANNELS.map<TrendSeries>((channel) => ({
        name: channel.label,
        kind: 'line',
        color: channel.color,
        dashed: channel.group === 'control',
        data: points.map((point) => point.row?.groups[channel.group].conversion_rate ?? null),
      })),
    };
  }, [series, row.campaign_id]);
  return (
    <section class="card" aria-label="Rates by channel">
      <div class="chart-tools">
        <h2>{words.rate}s by channel</h2>
      </div>
      <div class="scroll">
        <table class="campaigns compact web-rates">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col" class="num">Visitors</th>
              <th scope="col" class="num">{words.plural === 'Conversions' ? 'Converted' : 'Reached a goal'}</th>
              <th scope="col" class="num">{words.rate}</th>
            </tr>
          </thead>
          <tbody>
            {CHANNELS.map((channel) => {
              const group = row.groups[channel.group];
              return (
                <tr data-group={channel.group} title={channel.title}>
                  <th scope="row">
                    <span class="swatch" style={{ background: channel.color }} /> {channel.label}
                  </th>
                  <td class="num" data-field="users">{formatCount(group.users)}</td>
                  <td class="num" data-field="converters">{formatCount(group.converters)}</td>
                  <td class="num rate" data-field="conversion_rate">{formatPercent(group.conversion_rate)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
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
          label={`${words.rate}s by channel over time`}
          height={220}
        />
      )}
      <p class="hint">
        A rate is the share of a group's visitors who converted within the window after entering it; a gap is a bucket
        where the group had no visitor.
      </p>
    </section>
  );
}
