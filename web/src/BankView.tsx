import type { Load, Report, TimeSeries } from './api';
import { BankFunnel } from './BankFunnel';
import { BankSplitChart } from './BankSplitChart';
import { BankTable } from './BankTable';
import { BankTrendChart } from './BankTrendChart';
import { hasBankMetrics } from './columns';
import type { Filters } from './filters';
import { Tiles } from './Tiles';

/** The Bank view (docs/bank.md; the bank seed's Campaign ROI dashboard): the seed's tiles, the
 * attribution funnel from sent to products opened, direct against related sales per campaign,
 * products opened over time and the campaign table, for the current filters and period. */
export function BankView({
  report,
  series,
  filters,
  onFilters,
}: {
  report: Report;
  series: Load<TimeSeries>;
  filters: Filters;
  onFilters: (filters: Filters) => void;
}) {
  if (!hasBankMetrics(report.tiles)) {
    return (
      <section class="card empty" data-testid="no-bank">
        This workspace has no bank metrics: they need account month-end snapshots (
        <code>payback ingest snapshots</code>) or campaigns with <code>promoted_products</code> in the catalog
        (docs/bank.md).
      </section>
    );
  }
  return (
    <>
      <Tiles report={report} focus="bank" />
      <div class="charts">
        <BankSplitChart report={report} />
        <BankFunnel tiles={report.tiles} />
      </div>
      {series.state === 'ready' ? (
        <BankTrendChart
          series={series.value}
          bucket={filters.bucket}
          onBucket={(bucket) => onFilters({ ...filters, bucket })}
        />
      ) : series.state === 'error' ? (
        <section class="card error" role="alert">{series.error.message}</section>
      ) : (
        <section class="card status">Loading the chart…</section>
      )}
      <BankTable report={report} />
    </>
  );
}
