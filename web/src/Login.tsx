import { useState } from 'preact/hooks';

import { ApiError, getJson, storeToken } from './api';

/** Asks for an API token once; it is kept in the browser session (sessionStorage). */
export function Login({ onLogin, reason }: { onLogin: () => void; reason?: string }) {
  const [token, setToken] = useState('');
  const [error, setError] = useState(reason ?? '');
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError('');
    storeToken(token.trim());
    try {
      await getJson('/health');
      onLogin();
    } catch (caught) {
      storeToken(null);
      setError(caught instanceof ApiError ? caught.message : String(caught));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main class="login">
      <form onSubmit={submit} class="card">
        <h1>payback</h1>
        <p>Campaign ROI and attribution. Sign in with an API token.</p>
        <label for="token">API token</label>
        <input
          id="token"
          name="token"
          type="password"
          autocomplete="off"
          placeholder="pb_…"
          value={token}
          onInput={(event) => setToken((event.target as HTMLInputElement).value)}
          required
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        {error && <p class="error" role="alert">{error}</p>}
        <p class="hint">
          No token? On the server: <code>payback token create -w DIR --role viewer</code>
        </p>
      </form>
    </main>
  );
}
