import { useState } from 'react';
import { ApiProblem, send } from '../api';
import { navigate } from '../router';
import { useSession } from '../session';

export function Login() {
  const { refresh } = useSession();
  const [userId, setUserId] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  return (
    <section className="narrow">
      <h1>Sign in</h1>
      <form
        className="form"
        onSubmit={async (event) => {
          event.preventDefault();
          setBusy(true);
          setError('');
          try {
            await send('POST', '/api/session', { userId, password });
            refresh();
            navigate('/');
          } catch (problem) {
            setError(problem instanceof ApiProblem ? problem.problem.detail : String(problem));
          } finally {
            setBusy(false);
          }
        }}
      >
        <label>
          User
          <input name="userId" autoComplete="username" value={userId} onChange={(e) => setUserId(e.target.value)} required data-testid="login-user" />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required data-testid="login-password" />
        </label>
        {error ? (
          <p className="field-error" role="alert">
            {error}
          </p>
        ) : null}
        <button type="submit" disabled={busy} data-testid="login-submit">
          Sign in
        </button>
      </form>
      <p className="muted small">The demo prints one sign-in per role when it starts (npm start).</p>
    </section>
  );
}
