import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { getJson, send, type Session } from './api';
import { Overview } from './pages/Overview';
import { linkProps, navigate, useLocation } from './router';
import { SessionContext } from './session';

// The overview comes with the first load; the other pages (and the Sankey chart) load when opened.
const Audit = lazy(() => import('./pages/Audit').then((m) => ({ default: m.Audit })));
const Data = lazy(() => import('./pages/Data').then((m) => ({ default: m.Data })));
const Donors = lazy(() => import('./pages/Donors').then((m) => ({ default: m.Donors })));
const Evidence = lazy(() => import('./pages/Evidence').then((m) => ({ default: m.Evidence })));
const Ingest = lazy(() => import('./pages/Ingest').then((m) => ({ default: m.Ingest })));
const Flows = lazy(() => import('./pages/Flows').then((m) => ({ default: m.Flows })));
const Login = lazy(() => import('./pages/Login').then((m) => ({ default: m.Login })));
const PackagePage = lazy(() => import('./pages/PackagePage').then((m) => ({ default: m.PackagePage })));
const Pipeline = lazy(() => import('./pages/Pipeline').then((m) => ({ default: m.Pipeline })));
const Reconciliation = lazy(() => import('./pages/Reconciliation').then((m) => ({ default: m.Reconciliation })));
const Record = lazy(() => import('./pages/Record').then((m) => ({ default: m.Record })));
const Requirements = lazy(() => import('./pages/Requirements').then((m) => ({ default: m.Requirements })));

const pages = [
  { path: '/', title: 'Overview' },
  { path: '/flows', title: 'Flows' },
  { path: '/pipeline', title: 'Pipeline' },
  { path: '/requirements', title: 'Requirements' },
  { path: '/donors', title: 'Donors' },
  { path: '/reconciliation', title: 'Reconciliation' },
  { path: '/ingest', title: 'Read articles' },
  { path: '/audit', title: 'Audit' },
  { path: '/record', title: 'Record' },
  { path: '/data', title: 'Data' },
] as const;

function Page({ path }: { readonly path: string }) {
  if (path === '/') return <Overview />;
  if (path === '/flows') return <Flows />;
  if (path === '/pipeline') return <Pipeline />;
  if (path === '/requirements') return <Requirements />;
  if (path === '/donors' || path.startsWith('/donors/')) return <Donors donorId={decodeURIComponent(path.slice('/donors/'.length)) || undefined} />;
  if (path.startsWith('/packages/')) return <PackagePage packageId={decodeURIComponent(path.slice('/packages/'.length))} />;
  if (path === '/reconciliation') return <Reconciliation />;
  if (path === '/evidence') return <Evidence />;
  if (path === '/ingest') return <Ingest />;
  if (path === '/audit') return <Audit />;
  if (path === '/record') return <Record />;
  if (path === '/data') return <Data />;
  if (path === '/login') return <Login />;
  return (
    <section>
      <h1>Not found</h1>
      <p>
        There is no page at {path}. <a {...linkProps('/')}>Go to the overview.</a>
      </p>
    </section>
  );
}

export function App() {
  const { path } = useLocation();
  // Pages wait for the session, so that they load once, for the right reader.
  const [known, setKnown] = useState<Session | undefined>(undefined);
  const session = known ?? { role: 'public' };
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((n) => n + 1), []);

  useEffect(() => {
    getJson<Session>('/api/session').then(setKnown, () => setKnown({ role: 'public' }));
  }, [generation]);

  const signOut = async () => {
    await send('DELETE', '/api/session').catch(() => undefined);
    refresh();
    navigate('/');
  };
  const current = pages.find((page) => (page.path === '/' ? path === '/' : path.startsWith(page.path)));
  useEffect(() => {
    document.title = `${current?.title ?? 'aidtrace'} · aidtrace`;
  }, [current]);

  return (
    <SessionContext.Provider value={{ session, refresh }}>
      <header className="top">
        <a className="brand" {...linkProps('/')}>
          aidtrace
        </a>
        <nav aria-label="Pages">
          {pages
            .filter((page) => (page.path !== '/record' && page.path !== '/ingest') || session.role !== 'public')
            .filter((page) => page.path !== '/data' || ['admin', 'coordinator', 'auditor'].includes(session.role))
            .map((page) => (
              <a key={page.path} {...linkProps(page.path)} aria-current={current?.path === page.path ? 'page' : undefined}>
                {page.title}
              </a>
            ))}
        </nav>
        <div className="who">
          {session.role === 'public' ? (
            <a className="button" {...linkProps('/login')} data-testid="sign-in-link">
              Sign in
            </a>
          ) : (
            <>
              <span data-testid="who">
                {session.userId} · {session.role}
                {session.partyId ? ` · ${session.partyId}` : ''}
              </span>
              <button type="button" className="secondary" onClick={signOut} data-testid="sign-out">
                Sign out
              </button>
            </>
          )}
        </div>
      </header>
      <main>
        {known ? (
          <Suspense fallback={<p className="muted">Loading…</p>}>
            <Page path={path} />
          </Suspense>
        ) : (
          <p className="muted">Loading…</p>
        )}
      </main>
      <footer className="muted">
        Every figure is read from a hash-chained ledger; amounts are in whole units of the reporting currency, exact values in CSV and in the API (
        <a href="/docs">docs</a>).
      </footer>
    </SessionContext.Provider>
  );
}
