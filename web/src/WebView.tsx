import { useState } from 'preact/hooks';

import { type ApiError, getText, type Load, type Params, type WebFunnel, type WebFunnelSeries } from './api';
import { downloadCsv } from './csv';
import type { Bucket, Filters } from './filters';
import { formatWindow } from './format';
import { useFetch } from './useFetch';
import { goalTypeLabel, goalWords, webCampaignName } from './web';
import { WebAfterEngagement } from './WebAfterEngagement';
import { showsAov, WebAov } from './WebAov';
import { WebDataBar } from './WebDataBar';
import { WebGoals } from './WebGoals';
import { WebGoalTypeChart } from './WebGoalTypeChart';
import { WebLift } from './WebLift';
import { WebPerformanceChart } from './WebPerformanceChart';
import { WebRates } from './WebRates';
import { WebTable } from './WebTable';

/** The Web view (docs/web.md; the web engagement seed's campaign data bar and dashboard) for one
 * web campaign picked among those of the selection (GET /lift): the data bar with the lift's
 * 95% intervals, performance over time, rates by channel against the control group, the
 * campaign against its goal type, conversions and revenue after chats or content clicks, its
 * contribution to the other goals, AOV exposed vs control and the lift in detail; then every
 * web campaign in a table, exported as CSV by GET /lift.csv. */
export function WebView({
  funnel,
  filters,
  params,
  refreshes,
  onFilters,
  onError,
}: {
  funnel: Load<WebFunnel> | null;
  filters: Filters;
  params: Params;
  refreshes: number;
  onFilters: (filters: Filters) => void;
  onError: (caught: unknown) => ApiError;
}) {
  const series = useFetch<WebFunnelSeries>('/lift/timeseries', { ...params, bucket: filters.bucket }, refreshes, onError);
  const [exporting, setExporting] = useState(false);

  if (funnel === null || funnel.state === 'loading') {
    return <section class="card status" aria-busy="true">Computing the web funnel…</section>;
  }
  if (funnel.state === 'error') return <section class="card error" role="alert">{funnel.error.message}</section>;
  const value = funnel.value;
  if (value.campaigns.length === 0) {
    return (
      <section class="card empty" data-testid="no-web">
        No web campaign has events in this selection. The Web view needs <code>eligible</code>, <code>exposure</code>,{' '}
        <code>engagement</code> or <code>assignment</code> events naming a campaign (docs/web.md).
      </section>
    );
  }
  const row = value.campaigns.find((candidate) => candidate.campaign_id === filters.webCampaign) ?? value.campaigns[0];
  const words = goalWords(row.goal_type);
  const ready = series?.state === 'ready' ? series.value : null;

  async function exportCsv() {
    setExporting(true);
    try {
      downloadCsv('payback-lift.csv', await getText('/lift.csv', params));
    } catch (caught) {
      alert(onError(caught).message);
    } finally {
      setExporting(false);
    }
  }

  return (
    <>
      <section class="card web-bar" aria-label="Web campaign">
        <label class="inline-label">
          Campaign
          <select
            name="web-campaign"
            value={row.campaign_id}
            onChange={(event) => onFilters({ ...filters, webCampaign: (event.target as HTMLSelectElement).value })}
          >
            {value.campaigns.map((candidate) => (
              <option value={candidate.campaign_id}>
                {webCampaignName(candidate)} ({candidate.campaign_id})
              </option>
            ))}
          </select>
        </label>
        <span class="badge" data-testid="goal-type" title={`the campaign's goal type: it counts ${words.lower}`}>
          {goalTypeLabel(row.goal_type)} goal · {words.lower}
        </span>
        <span class="muted">
          {value.conversion} · window {formatWindow(value.window_s)}
        </span>
        <span class="spacer" />
        <div class="segmented" role="group" aria-label="Bucket">
          {(['day', 'week', 'month'] as Bucket[]).map((bucket) => (
            <button type="button" aria-pressed={filters.bucket === bucket} onClick={() => onFilters({ ...filters, bucket })}>
              {bucket}
            </button>
          ))}
        </div>
      </section>
      <WebDataBar row={row} currency={value.currency} />
      {series?.state === 'error' && (
        <section class="card error" role="alert">
          {series.error.message}
        </section>
      )}
      <div class="charts">
        {ready ? (
          <WebPerformanceChart row={row} series={ready} bucket={filters.bucket} />
        ) : (
          <section class="card status" aria-label="Performance">
            Loading the chart…
          </section>
        )}
        <WebRates row={row} series={ready} />
      </div>
      <div class="charts">
        <WebGoalTypeChart row={row} series={ready} />
        <WebAfterEngagement row={row} series={ready} currency={value.currency} />
      </div>
      <p class="hint">
        Over time, each {filters.bucket} follows the visitors who entered a group that {filters.bucket}, for the
        campaign's whole window after their entry: their {words.lower} may come in a later {filters.bucket}.
      </p>
      {/* The seed shows the AOV only with revenue after exposure and a control group. */}
      {showsAov(row) ? (
        <div class="charts">
          <WebGoals row={row} conversion={value.conversion} />
          <WebAov row={row} currency={value.currency} />
        </div>
      ) : (
        <WebGoals row={row} conversion={value.conversion} />
      )}
      <WebLift row={row} currency={value.currency} />
      <WebTable
        funnel={value}
        selected={row.campaign_id}
        onSelect={(campaignId) => {
          onFilters({ ...filters, webCampaign: campaignId });
          window.scrollTo({ top: 0, behavior: 'smooth' });
        }}
        onExport={exportCsv}
        exporting={exporting}
      />
    </>
  );
}
