import type { ReactNode } from 'react';
import { money } from '../format';
import { linkProps } from '../router';
import type { ConfirmationLevel, SourcingMix } from '../types';
import { levelText } from './Confirmation';
import { Figures, type Figure } from './Status';

/**
 * How well an aggregate figure is sourced: a thin strip with one segment per confirmation level,
 * in the badges' colours, sized by the share of the figure that rests on records at that level
 * (basis points the server computed on integers). It links to the list of the records behind
 * the figure, where each record has its own badge. The same in words for screen readers; the
 * exact amounts in the tooltip. A figure resting on one level shows that level's badge.
 */

const levels: readonly ConfirmationLevel[] = ['confirmed', 'on-record', 'reported', 'unverified'];

/** Basis points as whole percent, "<1%" for a sliver: 8249 → "82%", 12 → "<1%". */
function percentText(basisPoints: number): string {
  if (basisPoints > 0 && basisPoints < 50) return '<1%';
  return `${Math.round(basisPoints / 100)}%`;
}

/** "confirmed 82% · on-record 0% · reported 18% · unverified 0%". */
export function sourcingText(mix: SourcingMix): string {
  const points = mix.basisPoints;
  if (!points) return 'nothing to source';
  return levels.map((level) => `${level} ${percentText(points[level])}`).join(' · ');
}

function amountsText(mix: SourcingMix, currency: string): string {
  return levels.map((level) => `${levelText[level].text}: ${money(mix[level], currency)}`).join('\n');
}

interface StripProps {
  readonly mix: SourcingMix | undefined;
  readonly currency: string;
  /** The list of the records behind the figure. */
  readonly href: string;
  /** What the figure is, for the words ("Delivered"). */
  readonly figure: string;
  /** Show the shares in words under the strip (figure cards); tables show the strip alone. */
  readonly legend?: boolean;
}

export function SourcingStrip({ mix, currency, href, figure, legend = false }: StripProps) {
  const points = mix?.basisPoints;
  if (!mix || !points) return null;
  const words = sourcingText(mix);
  const title = `${figure}, by how well its records are sourced:\n${amountsText(mix, currency)}\nOpen the records behind it.`;
  const link = href.startsWith('#') ? { href } : linkProps(href);
  const only = levels.find((level) => points[level] === 10_000);
  if (only) {
    const { text, symbol } = levelText[only];
    return (
      <a className={`confirmation confirmation-${only} sourcing-one`} {...link} title={title} aria-label={`${figure}: all ${only}. Open the records behind it.`} data-sourcing={figure} data-level={only}>
        <span aria-hidden="true">{symbol}</span> {text}
      </a>
    );
  }
  return (
    <a className="sourcing" {...link} title={title} aria-label={`${figure}: ${words}. Open the records behind it.`} data-sourcing={figure}>
      <span className="sourcing-bar" aria-hidden="true">
        {levels.map((level) => (points[level] > 0 ? <span key={level} className={`sourcing-seg sourcing-${level}`} style={{ flexGrow: points[level] }} /> : null))}
      </span>
      {legend ? (
        <span className="sourcing-legend" aria-hidden="true">
          {levels
            .filter((level) => points[level] > 0)
            .map((level) => (
              <span key={level} className={`sourcing-key sourcing-key-${level}`}>
                {levelText[level].symbol} {percentText(points[level])}
              </span>
            ))}
        </span>
      ) : null}
    </a>
  );
}

/** A money cell with its strip under it. */
export function sourcedMoney(amount: string, mix: SourcingMix | undefined, currency: string, href: string, figure: string): ReactNode {
  return (
    <span className="sourced">
      <span>{money(amount, currency)}</span>
      <SourcingStrip mix={mix} currency={currency} href={href} figure={figure} />
    </span>
  );
}

export interface SourcedFigure extends Figure {
  readonly sourcing?: { readonly mix: SourcingMix | undefined; readonly currency: string; readonly href: string };
}

/** Figure cards, each money figure with its strip under it (the value stays the first `dd`). */
export function SourcedFigures({ items, testId }: { readonly items: readonly SourcedFigure[]; readonly testId?: string }) {
  return (
    <Figures
      {...(testId === undefined ? {} : { testId })}
      items={items.map(({ sourcing, ...item }) =>
        sourcing ? { ...item, extra: <SourcingStrip mix={sourcing.mix} currency={sourcing.currency} href={sourcing.href} figure={item.label} legend /> } : item,
      )}
    />
  );
}
