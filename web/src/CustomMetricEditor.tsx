import { useEffect, useState } from 'preact/hooks';

import { ApiError, type Options, type Params, queryString, type Report, sendJson } from './api';
import { customColumns } from './columns';
import { formatCustom } from './format';

interface Preview {
  canonical: string;
  notes: string[];
  report: Report;
}

/** Adds a custom KPI: the formula is checked and previewed over the current filters as it is
 * typed (nothing is saved until "Save"); an editor token saves it into the settings. */
export function CustomMetricEditor({
  options,
  params,
  onSaved,
  onClose,
}: {
  options: Options;
  params: Params;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [name, setName] = useState('');
  const [formula, setFormula] = useState('');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState('');
  const canSave = options.role !== 'viewer';

  useEffect(() => {
    setError(null);
    if (formula.trim() === '') {
      setPreview(null);
      return undefined;
    }
    let cancelled = false;
    const timer = setTimeout(async () => {
      try {
        const result = await sendJson<Preview>(
          'POST',
          `/metrics/preview${queryString(params)}`,
          { name: name.trim() || 'Preview', formula },
        );
        if (!cancelled) setPreview(result);
      } catch (caught) {
        if (cancelled) return;
        setPreview(null);
        setError(caught instanceof ApiError ? caught : new ApiError(0, 'internal', String(caught)));
      }
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [formula, name, params]);

  async function save(event: Event) {
    event.preventDefault();
    setSaving(true);
    setSaveError('');
    try {
      const metrics = [
        ...options.custom_metrics.filter((metric) => metric.name.toLowerCase() !== name.trim().toLowerCase()),
        { name: name.trim(), formula },
      ];
      await sendJson('PUT', '/custom-metrics', metrics);
      onSaved();
    } catch (caught) {
      setSaveError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setSaving(false);
    }
  }

  const column = error?.location?.column;
  const previewColumns = preview ? customColumns(preview.report.tiles.custom) : [];
  const top = preview
    ? [...preview.report.campaigns]
        .filter((row) => previewColumns[0]?.value(row) !== null)
        .sort((a, b) => (previewColumns[0]?.value(b) ?? 0) - (previewColumns[0]?.value(a) ?? 0))
        .slice(0, 5)
    : [];

  return (
    <div class="overlay" role="dialog" aria-modal="true" aria-label="Add a custom metric">
      <form class="card editor" onSubmit={save}>
        <h2>Add a custom metric</h2>
        <label>
          Name
          <input name="metric-name" value={name} placeholder="Revenue per Delivered Message"
            onInput={(event) => setName((event.target as HTMLInputElement).value)} required />
        </label>
        <label>
          Formula
          <textarea name="metric-formula" rows={3} spellcheck={false}
            placeholder="Total Conversions Revenue / Delivered"
            value={formula} onInput={(event) => setFormula((event.target as HTMLTextAreaElement).value)} />
        </label>
        <p class="hint">
          Metrics by name (Delivered, Clicked, Conversions, Revenue, CTR…), + − × ÷ and parentheses,
          TOTALS(event), UNIQUES(event), AVERAGE(event), PROPSUM(event, property), PROPAVG(event, property),
          each with an optional filter; up to four formulas separated by “;”.
        </p>
        {error && (
          <div class="error" role="alert" data-testid="formula-error">
            {column ? (
              <pre>
                {formula}
                {'\n'}
                {' '.repeat(column - 1)}^
              </pre>
            ) : null}
            {error.message}
          </div>
        )}
        {preview && (
          <div class="preview" data-testid="formula-preview">
            <div>
              Understood as <code>{preview.canonical}</code>
            </div>
            {preview.notes.map((note) => (
              <div class="hint">{note}</div>
            ))}
            <div class="preview-values">
              {previewColumns.map((previewColumn) => (
                <div class="tile">
                  <div class="tile-label">{previewColumn.label} (all selected)</div>
                  <div class="tile-value">{previewColumn.format(preview.report.tiles, preview.report.currency)}</div>
                </div>
              ))}
            </div>
            {top.length > 0 && (
              <table class="campaigns compact">
                <tbody>
                  {top.map((row) => (
                    <tr>
                      <td>{row.name ?? row.campaign_id}</td>
                      <td class="num">{formatCustom(previewColumns[0].value(row))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
        )}
        {saveError && <p class="error" role="alert">{saveError}</p>}
        <div class="actions">
          <button type="button" class="secondary" onClick={onClose}>Cancel</button>
          <button type="submit" disabled={!canSave || saving || !preview || name.trim() === ''}
            title={canSave ? '' : 'A viewer token cannot change settings'}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
        {!canSave && <p class="hint">Your token is a viewer token: you can try formulas, not save them.</p>}
      </form>
    </div>
  );
}
