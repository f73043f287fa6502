import { useMemo } from 'preact/hooks';

import type { ApiError, Load, Params, Report, TimeSeries } from './api';
import { AgentRanking } from './AgentRanking';
import { hasCosts } from './columns';
import { CostBreakdown } from './CostBreakdown';
import { type Filters, hasCampaignFilters } from './filters';
import { ProfitChart } from './ProfitChart';
import { ProfitTrendChart } from './ProfitTrendChart';
import { TargetsPanel } from './TargetsPanel';
import { Tiles } from './Tiles';

/** The ROI view (docs/costs.md; the call-center and SMS seeds): the money tiles, profitability
 * per campaign, where the cost goes, revenue against cost over time, the month's targets and
 * the agent ranking, for the current filters. */
export function RoiView({
  report,
  series,
  filters,
  params,
  refreshes,
  onFilters,
  onError,
}: {
  report: Report;
  series: Load<TimeSeries>;
  filters: Filters;
  params: Params;
  refreshes: number;
  onFilters: (filters: Filters) => void;
  onError: (caught: unknown) => ApiError;
}) {
  const filtered = hasCampaignFilters(filters);
  const campaignIds = useMemo(
    () => (filtered ? report.campaigns.map((row) => row.campaign_id) : null),
    [filtered, report],
  );
  return (
    <>
      <Tiles report={report} focus="roi" />
      {hasCosts(report.tiles) ? (
        <>
          <div class="charts">
            <ProfitChart report={report} />
            <CostBreakdown report={report} filtered={filtered} />
          </div>
          {series.state === 'ready' ? (
            <ProfitTrendChart
              series={series.value}
              bucket={filters.bucket}
              onBucket={(bucket) => onFilters({ ...filters, bucket })}
            />
          ) : series.state === 'error' ? (
            <section class="card error" role="alert">{series.error.message}</section>
          ) : (
            <section class="card status">Loading the chart…</section>
          )}
        </>
      ) : (
        <section class="card empty" data-testid="no-costs">
          No cost is recorded for this workspace, so there is no ROI to show yet. Add cost lines (per message, call or
          agent hour, commissions, a platform fee) under <code>costs:</code> in the settings, or campaign{' '}
          <code>expenses</code> in the catalog (docs/costs.md).
        </section>
      )}
      <TargetsPanel
        today={filters.today}
        conversion={params.conversion as string | undefined}
        refreshes={refreshes}
        onToday={(today) => onFilters({ ...filters, today })}
        onError={onError}
      />
      <AgentRanking params={params} campaigns={campaignIds} refreshes={refreshes} onError={onError} />
    </>
  );
}
