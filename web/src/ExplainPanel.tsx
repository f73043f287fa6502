import { useState } from 'preact/hooks';

import { ApiError, type Explanation, type ExplainedTouch, getJson, type Params } from './api';
import { formatMoney, formatWindow } from './format';

/** The window a touch fell under: "30d (campaign)" for a campaign's influence_days. */
function windowText(touch: ExplainedTouch): string {
  if (touch.window_s == null) return '–';
  const source = touch.window_from === 'definition' ? 'definition' : 'campaign';
  return `${formatWindow(touch.window_s)} (${source})`;
}

/** The audit trail of one user: each conversion, its candidate touches and their credit. */
export function ExplainPanel({ params }: { params: Params }) {
  const [user, setUser] = useState('');
  const [explanation, setExplanation] = useState<Explanation | null>(null);
  const [error, setError] = useState('');
  const [loading, setLoading] = useState(false);

  async function explain(event: Event) {
    event.preventDefault();
    setLoading(true);
    setError('');
    try {
      setExplanation(
        await getJson<Explanation>('/explain', {
          user: user.trim(),
          conversion: params.conversion,
          model: params.model,
          from: params.from,
          to: params.to,
        }),
      );
    } catch (caught) {
      setExplanation(null);
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setLoading(false);
    }
  }

  return (
    <section class="card" aria-label="Explain a user">
      <h2>Why did a campaign get credit?</h2>
      <form class="inline" onSubmit={explain}>
        <input name="user" placeholder="User id, e.g. u15372" value={user}
          onInput={(event) => setUser((event.target as HTMLInputElement).value)} required />
        <button type="submit" disabled={loading || user.trim() === ''}>{loading ? 'Explaining…' : 'Explain'}</button>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {explanation && (
        <div class="explain" data-testid="explanation">
          <p>
            {explanation.conversions.length} conversion{explanation.conversions.length === 1 ? '' : 's'} of{' '}
            <strong>{explanation.user_id}</strong> under {explanation.model.replace(/_/g, ' ')} (window{' '}
            {formatWindow(explanation.window_s)})
            {explanation.filtered_out > 0 && `, ${explanation.filtered_out} filtered out by the definition`}.
          </p>
          {explanation.touch && (
            <p class="hint" data-testid="explain-rule">
              Rule: a <strong>{explanation.touch}</strong> touch
              {explanation.requires && <> of a campaign that also had a <strong>{explanation.requires}</strong> event for the user by then</>}
              , inside the campaign's own influence period or else the definition's window.
            </p>
          )}
          {explanation.conversions.map((conversion) => (
            <div class="conversion">
              <div>
                <strong>{conversion.event}</strong> at {conversion.ts} worth{' '}
                {formatMoney(conversion.value, explanation.currency)}
                {!conversion.attributed && <em> — unattributed: no touch in the window</em>}
              </div>
              {(conversion.product || conversion.account_id) && (
                <div data-testid="explain-product">
                  {conversion.product && <>product <strong>{conversion.product}</strong></>}
                  {conversion.account_id && <>, account {conversion.account_id}</>}
                  {conversion.balance != null && (
                    <>
                      , {conversion.snapshot_month} month end: balance {formatMoney(conversion.balance, explanation.currency)},
                      profit {formatMoney(conversion.profit ?? null, explanation.currency)}
                    </>
                  )}
                  {conversion.valuation && <em> — {conversion.valuation}</em>}
                </div>
              )}
              {conversion.candidates.length > 0 && (
                <table class="campaigns compact">
                  <thead>
                    <tr>
                      <th>Touch</th><th>Campaign</th><th>Window</th>
                      {explanation.requires && <th>Reached</th>}
                      {conversion.candidates.some((candidate) => candidate.sale !== undefined) && <th>Sale</th>}
                      <th class="num">Credit</th><th class="num">Revenue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {conversion.candidates.map((candidate) => (
                      <tr>
                        <td>{candidate.event} at {candidate.ts}</td>
                        <td>{candidate.campaign_id}{candidate.message_id ? ` / ${candidate.message_id}` : ''}</td>
                        <td>{windowText(candidate)}</td>
                        {explanation.requires && <td>{candidate.reached_at ?? '–'}</td>}
                        {conversion.candidates.some((other) => other.sale !== undefined) && <td>{candidate.sale ?? '–'}</td>}
                        <td class="num">{(candidate.weight * 100).toFixed(1)}%</td>
                        <td class="num">{formatMoney(candidate.revenue, explanation.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {conversion.excluded && conversion.excluded.length > 0 && (
                <ul class="left-out" aria-label="Touches left out" data-testid="explain-left-out">
                  {conversion.excluded.map((touch) => (
                    <li>
                      Left out: {touch.event} at {touch.ts}, campaign {touch.campaign_id}: {touch.reason}
                    </li>
                  ))}
                </ul>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
