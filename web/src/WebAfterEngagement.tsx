import { useCallback, useMemo } from 'preact/hooks';

import type { WebCampaign, WebFunnelSeries } from './api';
import { formatCount, formatMoney, formatMoneyNumber, formatMoneyShort, moneyNumber } from './format';
import { campaignPoints, goalWords, WEB_COLORS } from './web';
import { type TrendSeries, WebTrendChart } from './WebTrendChart';

const count = (value: number) => formatCount(value);

/** The seed's "conversions (goals reached) after chats or content click" and "revenues after
 * chats or content click": the chat and content-click groups' conversions and revenue, for the
 * period and over time, for the channels the campaign offers. Revenue only when the conversion
 * has a value. */
export function WebAfterEngagement({
  row,
  series,
  currency,
}: {
  row: WebCampaign;
  series: WebFunnelSeries | null;
  currency: string;
}) {
  const words = goalWords(row.goal_type);
  const channels = useMemo(
    () =>
      [
        { group: 'chat' as const, label: 'After chats', color: WEB_COLORS.chat, offered: row.chat_engagements > 0 },
        {
          group: 'content_click' as const,
          label: 'After content clicks',
          color: WEB_COLORS.clickThrough,
          offered: row.content_engagements > 0,
        },
      ].filter((channel) => channel.offered),
    [row],
  );
  const hasRevenue = row.groups.exposed.revenue !== null;
  const money = useCallback((value: number) => formatMoneyNumber(value, currency), [currency]);
  const moneyAxis = useCallback((value: number) => formatMoneyShort(value, currency), [currency]);
  const trend = useMemo(() => {
    if (series === null) return null;
    const points = campaignPoints(series, row.campaign_id);
    const bars = (value: (group: WebCampaign['groups']['chat']) => number) =>
      channels.map<TrendSeries>((channel) => ({
        name: channel.label,
        kind: 'bar',
        stack: 'after',
        color: channel.color,
        data: points.map((point) => (point.row ? value(point.row.groups[channel.group]) : 0)),
      }));
    return {
      starts: points.map((point) => point.start),
      conversions: bars((group) => group.conversions),
      revenue: bars((group) => moneyNumber(group.revenue) ?? 0),
    };
  }, [series, row.campaign_id, channels]);

  return (
    <section class="card" aria-label="After chats or content clicks">
      <div class="chart-tools">
        <h2>
          {words.plural} {hasRevenue ? 'and revenue ' : ''}after chats or content clicks
        </h2>
      </div>
      {channels.length === 0 ? (
        <p class="empty">The campaign had no chat and no content click in this period.</p>
      ) : (
        <>
          <div class="scroll">
            <table class="campaigns compact web-after">
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col" class="num">Visitors</th>
                  <th scope="col" class="num">{words.plural}</th>
                  {hasRevenue && <th scope="col" class="num">Revenue</th>}
                </tr>
              </thead>
              <tbody>
                {channels.map((channel) => {
                  const group = row.groups[channel.group];
                  return (
                    <tr data-group={channel.group}>
                      <th scope="row">
                        <span class="swatch" style={{ background: channel.color }} /> {channel.label}
                      </th>
                      <td class="num" data-field="users">{formatCount(group.users)}</td>
                      <td class="num" data-field="conversions">{formatCount(group.conversions)}</td>
                      {hasRevenue && (
                        <td class="num" data-field="revenue">{formatMoney(group.revenue, currency)}</td>
                      )}
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
            <div class={hasRevenue ? 'web-pair' : undefined}>
              <div>
                <h3>{words.plural}</h3>
                <WebTrendChart
                  starts={trend.starts}
                  series={trend.conversions}
                  format={count}
                  label={`${words.plural} after chats or content clicks over time`}
                  height={200}
                />
              </div>
              {hasRevenue && (
                <div>
                  <h3>Revenue</h3>
                  <WebTrendChart
                    starts={trend.starts}
                    series={trend.revenue}
                    format={money}
                    axisFormat={moneyAxis}
                    label="Revenue after chats or content clicks over time"
                    height={200}
                  />
                </div>
              )}
            </div>
          )}
        </>
      )}
    </section>
  );
}
