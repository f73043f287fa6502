import { useState } from 'preact/hooks';

import { ApiError, type Explanation, getJson, type Params } from './api';
import { formatMoney, formatWindow } from './format';

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
          {explanation.conversions.map((conversion) => (
            <div class="conversion">
              <div>
                <strong>{conversion.event}</strong> at {conversion.ts} worth{' '}
                {formatMoney(conversion.value, explanation.currency)}
                {!conversion.attributed && <em> — unattributed: no touch in the window</em>}
              </div>
              {conversion.candidates.length > 0 && (
                <table class="campaigns compact">
                  <thead>
                    <tr><th>Touch</th><th>Campaign</th><th class="num">Credit</th><th class="num">Revenue</th></tr>
                  </thead>
                  <tbody>
                    {conversion.candidates.map((candidate) => (
                      <tr>
                        <td>{candidate.event} at {candidate.ts}</td>
                        <td>{candidate.campaign_id}{candidate.message_id ? ` / ${candidate.message_id}` : ''}</td>
                        <td class="num">{(candidate.weight * 100).toFixed(1)}%</td>
                        <td class="num">{formatMoney(candidate.revenue, explanation.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
