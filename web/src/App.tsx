import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';

import {
  asApiError,
  getJson,
  getText,
  type Load,
  type Options,
  type Params,
  type Report,
  storedToken,
  storeToken,
  type TimeSeries,
  type WebFunnel,
} from './api';
import { BankView } from './BankView';
import { CampaignTable } from './CampaignTable';
import { hasBankMetrics } from './columns';
import { CompareChart } from './CompareChart';
import { CustomMetricEditor } from './CustomMetricEditor';
import { ExplainPanel } from './ExplainPanel';
import { FilterPanel } from './FilterPanel';
import { type Filters, filtersFromUrl, filtersToUrl, reportParams, VIEWS } from './filters';
import { formatDay, formatWindow } from './format';
import { Login } from './Login';
import { ModelsView } from './ModelsView';
import { RoiView } from './RoiView';
import { Tiles } from './Tiles';
import { TimeChart } from './TimeChart';
import { useFetch } from './useFetch';
import { WebView } from './WebView';

export function App() {
  const [signedIn, setSignedIn] = useState(storedToken() !== null);
  const [loginReason, setLoginReason] = useState<string | undefined>();
  const [options, setOptions] = useState<Load<Options>>({ state: 'loading' });
  const [filters, setFilters] = useState<Filters>(() => filtersFromUrl(location.search));
  const [report, setReport] = useState<Load<Report>>({ state: 'loading' });
  const [series, setSeries] = useState<Load<TimeSeries>>({ state: 'loading' });
  const [refreshes, setRefreshes] = useState(0);
  const [editing, setEditing] = useState(false);
  const [exporting, setExporting] = useState(false);

  const signOut = useCallback((reason?: string) => {
    storeToken(null);
    setLoginReason(reason);
    setSignedIn(false);
  }, []);
  const handle = useCallback(
    (caught: unknown) => {
      const error = asApiError(caught);
      if (error.status === 401) signOut('Your token was not accepted. Sign in again.');
      return error;
    },
    [signOut],
  );

  useEffect(() => {
    if (!signedIn) return;
    setOptions({ state: 'loading' });
    getJson<Options>('/options')
      .then((value) => setOptions({ state: 'ready', value }))
      .catch((caught) => setOptions({ state: 'error', error: handle(caught) }));
  }, [signedIn, refreshes, handle]);

  // The URL holds the filters, so a view can be shared.
  useEffect(() => {
    history.replaceState(null, '', location.pathname + filtersToUrl(filters));
  }, [filters]);

  // The same parameters keep the same object, so that switching the view or the targets' day
  // does not fetch the report again.
  const paramsKey = JSON.stringify(reportParams(filters));
  const params = useMemo(() => JSON.parse(paramsKey) as Params, [paramsKey]);
  useEffect(() => {
    if (!signedIn) return undefined;
    let cancelled = false;
    setReport((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    getJson<Report>('/report', params)
      .then((value) => !cancelled && setReport({ state: 'ready', value }))
      .catch((caught) => !cancelled && setReport({ state: 'error', error: handle(caught) }));
    return () => {
      cancelled = true;
    };
  }, [signedIn, params, refreshes, handle]);
  useEffect(() => {
    if (!signedIn) return undefined;
    let cancelled = false;
    setSeries((previous) => (previous.state === 'ready' ? previous : { state: 'loading' }));
    getJson<TimeSeries>('/timeseries', { ...params, bucket: filters.bucket })
      .then((value) => !cancelled && setSeries({ state: 'ready', value }))
      .catch((caught) => !cancelled && setSeries({ state: 'error', error: handle(caught) }));
    return () => {
      cancelled = true;
    };
  }, [signedIn, params, filters.bucket, refreshes, handle]);

  // The web funnel decides whether the Web tab is offered (docs/web.md): one cached request for
  // the selection, shared with the Web view.
  const funnel = useFetch<WebFunnel>('/lift', signedIn ? params : null, refreshes, handle);

  // Fresh numbers when the tab comes back into view.
  useEffect(() => {
    const onVisible = () => document.visibilityState === 'visible' && setRefreshes((count) => count + 1);
    document.addEventListener('visibilitychange', onVisible);
    return () => document.removeEventListener('visibilitychange', onVisible);
  }, []);

  async function exportCsv() {
    setExporting(true);
    try {
      const csv = await getText('/report.csv', params);
      const link = document.createElement('a');
      link.href = URL.createObjectURL(new Blob([csv], { type: 'text/csv' }));
      link.download = 'payback-report.csv';
      link.click();
      URL.revokeObjectURL(link.href);
    } catch (caught) {
      alert(handle(caught).message);
    } finally {
      setExporting(false);
    }
  }

  if (!signedIn) {
    return <Login reason={loginReason} onLogin={() => { setLoginReason(undefined); setSignedIn(true); }} />;
  }
  if (options.state === 'loading') return <main class="status">Loading the workspace…</main>;
  if (options.state === 'error') {
    return (
      <main class="status error" role="alert">
        {options.error.message}
        <button type="button" onClick={() => setRefreshes((count) => count + 1)}>Retry</button>
      </main>
    );
  }
  const workspace = options.value;
  // The Bank tab is for bank workspaces, whose reports carry the bank metrics (docs/bank.md); it
  // stays while it is the view shown (a shared URL, a report that failed).
  const bank = report.state === 'ready' && hasBankMetrics(report.value.tiles);
  // The Web tab is for selections with web campaigns, and stays while it is the view shown.
  const web = funnel?.state === 'ready' && funnel.value.campaigns.length > 0;
  const views = VIEWS.filter(
    (view) =>
      (view.value !== 'bank' || bank || filters.view === 'bank') &&
      (view.value !== 'web' || web || filters.view === 'web'),
  );

  return (
    <div class="app">
      <header>
        <h1>payback</h1>
        <span class="muted">
          {workspace.first_event && workspace.last_event
            ? `Data from ${formatDay(workspace.first_event)} to ${formatDay(workspace.last_event)} · ${workspace.timezone} · ${workspace.currency}`
            : 'No events yet'}
        </span>
        <span class="spacer" />
        <button type="button" class="secondary" onClick={() => setRefreshes((count) => count + 1)}>Refresh</button>
        <button type="button" class="secondary" onClick={exportCsv} disabled={exporting || report.state !== 'ready'}>
          {exporting ? 'Exporting…' : 'Export CSV'}
        </button>
        <button type="button" onClick={() => setEditing(true)}>Add custom metric</button>
        <button type="button" class="link" onClick={() => signOut()}>Sign out ({workspace.role})</button>
      </header>
      <div class="layout">
        <FilterPanel options={workspace} filters={filters} onChange={setFilters} />
        <main
          aria-busy={
            filters.view === 'web'
              ? funnel?.state === 'loading'
              : filters.view !== 'models' && report.state === 'loading'
          }
        >
          <div class="view-bar">
            <div class="tabs" role="tablist" aria-label="View">
              {views.map((view) => (
                <button
                  type="button"
                  role="tab"
                  data-view={view.value}
                  aria-selected={filters.view === view.value}
                  onClick={() => setFilters({ ...filters, view: view.value })}
                >
                  {view.label}
                </button>
              ))}
            </div>
            {report.state === 'ready' && filters.view !== 'models' && (
              <p class="muted summary">
                {report.value.conversion} · {report.value.model.replace(/_/g, ' ')} · window{' '}
                {formatWindow(report.value.window_s)}
              </p>
            )}
          </div>
          {workspace.conversions.length === 0 ? (
            <section class="card empty">
              No conversion is defined yet. Add one to the settings (docs/settings.md) and apply them with{' '}
              <code>payback config apply</code>.
            </section>
          ) : filters.view === 'models' ? (
            <ModelsView filters={filters} refreshes={refreshes} onError={handle} />
          ) : filters.view === 'web' ? (
            <WebView
              funnel={funnel}
              filters={filters}
              params={params}
              refreshes={refreshes}
              onFilters={setFilters}
              onError={handle}
            />
          ) : report.state === 'loading' ? (
            <section class="card status">Computing the report…</section>
          ) : report.state === 'error' ? (
            <section class="card error" role="alert">{report.error.message}</section>
          ) : filters.view === 'bank' ? (
            <BankView report={report.value} series={series} filters={filters} onFilters={setFilters} />
          ) : filters.view === 'roi' ? (
            <RoiView
              report={report.value}
              series={series}
              filters={filters}
              params={params}
              refreshes={refreshes}
              onFilters={setFilters}
              onError={handle}
            />
          ) : (
            <>
              <Tiles report={report.value} />
              <div class="charts">
                {series.state === 'ready' ? (
                  <TimeChart series={series.value} bucket={filters.bucket} onBucket={(bucket) => setFilters({ ...filters, bucket })} />
                ) : series.state === 'error' ? (
                  <section class="card error" role="alert">{series.error.message}</section>
                ) : (
                  <section class="card status">Loading the chart…</section>
                )}
                <CompareChart report={report.value} />
              </div>
              <CampaignTable report={report.value} />
              <ExplainPanel params={params} />
            </>
          )}
        </main>
      </div>
      {editing && (
        <CustomMetricEditor
          options={workspace}
          params={params}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            setRefreshes((count) => count + 1);
          }}
        />
      )}
    </div>
  );
}
