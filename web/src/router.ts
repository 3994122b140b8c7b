import { useCallback, useEffect, useState } from 'react';

/**
 * A small router on the History API: the path picks the page, the query string holds the
 * page's filters, so any view can be shared by its URL.
 */

const listeners = new Set<() => void>();

function notify(): void {
  for (const listener of listeners) listener();
}

if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

export function navigate(to: string): void {
  if (to === window.location.pathname + window.location.search + window.location.hash) return;
  window.history.pushState(null, '', to);
  const target = new URL(to, window.location.href).hash.slice(1);
  window.scrollTo(0, 0);
  notify();
  if (target !== '') scrollToWhenShown(decodeURIComponent(target));
}

/** Scrolls to the element with this id once the page has drawn it (its data may still be loading), for up to 3 s. */
function scrollToWhenShown(id: string, tries = 30): void {
  const element = document.getElementById(id);
  if (element) element.scrollIntoView();
  else if (tries > 0) window.setTimeout(() => scrollToWhenShown(id, tries - 1), 100);
}

/** Re-renders on navigation; returns the current path and query. */
export function useLocation(): { readonly path: string; readonly query: URLSearchParams } {
  const [, setTick] = useState(0);
  useEffect(() => {
    const listener = () => setTick((tick) => tick + 1);
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

/** One query-string parameter as state; setting it replaces the URL (no new history entry). */
export function useQueryParam(name: string, fallback = ''): [string, (value: string) => void] {
  const { query } = useLocation();
  const value = query.get(name) ?? fallback;
  const set = useCallback(
    (next: string) => {
      const params = new URLSearchParams(window.location.search);
      if (next === '' || next === fallback) params.delete(name);
      else params.set(name, next);
      const search = params.toString();
      window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
      notify();
    },
    [name, fallback],
  );
  return [value, set];
}

/** A link that navigates without reloading. */
export function linkProps(to: string) {
  return {
    href: to,
    onClick: (event: { preventDefault(): void; metaKey: boolean; ctrlKey: boolean; button: number }) => {
      if (event.metaKey || event.ctrlKey || event.button !== 0) return;
      event.preventDefault();
      navigate(to);
    },
  };
}
