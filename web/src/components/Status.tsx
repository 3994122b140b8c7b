import type { ReactNode } from 'react';
import type { Loaded } from '../useApi';
import { linkProps } from '../router';

/** Loading, the problem the API reported (with a way to sign in when that would help), or the page. */
export function Status<T>({ result, children }: { readonly result: Loaded<T>; readonly children: (data: T) => ReactNode }) {
  if (result.state === 'loading') return <p className="muted" aria-busy="true">Loading…</p>;
  if (result.state === 'error') {
    const { status, detail, code } = result.problem.problem;
    return (
      <div className="notice" role="alert" data-testid="problem">
        <strong>{status === 401 ? 'Sign in to see this.' : status === 403 ? 'Not for your role.' : 'Could not load this.'}</strong> <span className="muted">{detail}</span>
        {status === 401 ? (
          <>
            {' '}
            <a {...linkProps('/login')}>Sign in</a>
          </>
        ) : null}
        {status >= 500 || status === 0 ? <code> {code}</code> : null}
      </div>
    );
  }
  return <>{children(result.data)}</>;
}

export interface Figure {
  readonly label: string;
  readonly value: string;
  readonly note?: string;
  readonly tone?: 'warn' | 'good';
  /** A further line under the figure (how well it is sourced). */
  readonly extra?: ReactNode;
}

export function Figures({ items, testId }: { readonly items: readonly Figure[]; readonly testId?: string }) {
  return (
    <dl className="figures" data-testid={testId}>
      {items.map((item) => (
        <div key={item.label} className={`figure ${item.tone ?? ''}`}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
          {item.note ? <dd className="muted small">{item.note}</dd> : null}
          {item.extra ? <dd className="figure-sourcing">{item.extra}</dd> : null}
        </div>
      ))}
    </dl>
  );
}
