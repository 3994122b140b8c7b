import { useEffect, useState } from 'react';
import { getAll } from '../api';
import { linkProps } from '../router';
import type { ConfirmationLevel, ConfirmationSummary } from '../types';

/**
 * How well a figure is sourced, as a small badge that links to its evidence. The level is told
 * in words and a symbol as well as colour: confirmed (an official document or dataset, or the
 * party's own entry), on record (a named person or organisation quoted), reported (a named
 * outlet, an unnamed source), unverified (nothing else).
 */

export const levelText: Readonly<Record<ConfirmationLevel, { readonly text: string; readonly symbol: string; readonly meaning: string }>> = {
  confirmed: { text: 'Confirmed', symbol: '✔', meaning: 'an official statement or document, a dataset row, a contract, or the party’s own entry' },
  'on-record': { text: 'On record', symbol: '●', meaning: 'a named person or organisation quoted by a named outlet' },
  reported: { text: 'Reported', symbol: '◐', meaning: 'a named outlet with an unnamed source, or a document only described' },
  unverified: { text: 'Unverified', symbol: '○', meaning: 'no evidence, or a source without a publisher' },
};

export function evidenceHref(kind: string, id: string): string {
  return `/evidence?kind=${encodeURIComponent(kind)}&id=${encodeURIComponent(id)}`;
}

export function ConfirmationBadge({ kind, id, confirmation }: { readonly kind: string; readonly id: string; readonly confirmation: ConfirmationSummary | undefined }) {
  const level = confirmation?.level ?? 'unverified';
  const { text, symbol, meaning } = levelText[level];
  const counts = confirmation ? `${confirmation.evidence} piece${confirmation.evidence === 1 ? '' : 's'} of evidence, ${confirmation.stories} independent stor${confirmation.stories === 1 ? 'y' : 'ies'}` : 'level not known';
  return (
    <a
      className={`confirmation confirmation-${level}`}
      {...linkProps(evidenceHref(kind, id))}
      title={`${text}: ${meaning}. ${counts}. Open the evidence.`}
      aria-label={`${text}: evidence for ${kind} ${id}`}
      data-testid={`confirmation-${kind}-${id}`}
      data-level={level}
    >
      <span aria-hidden="true">{symbol}</span> {text}
    </a>
  );
}

/** The confirmation of each row of a record list the reader may read (empty when it may not). */
type ListRow = Readonly<Record<string, unknown>> & { readonly confirmation?: ConfirmationSummary };

export function useConfirmations(list: string, keyOf: (row: ListRow) => string = (row) => String(row.id)): ReadonlyMap<string, ConfirmationSummary> {
  const [map, setMap] = useState<ReadonlyMap<string, ConfirmationSummary>>(new Map());
  useEffect(() => {
    let live = true;
    getAll<ListRow>(`/api/${list}`).then(
      (rows) => live && setMap(new Map(rows.flatMap((row) => (row.confirmation ? [[keyOf(row), row.confirmation] as const] : [])))),
      () => undefined,
    );
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [list]);
  return map;
}
