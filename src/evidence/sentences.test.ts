import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences.js';

const texts = (text: string) => {
  const sentences = splitSentences(text);
  for (const s of sentences) {
    expect(text.slice(s.start, s.end)).toBe(s.text);
    expect(s.text).toBe(s.text.trim());
  }
  expect(sentences.map((s) => s.index)).toEqual(sentences.map((_, i) => i));
  return sentences.map((s) => s.text);
};

describe('splitSentences', () => {
  it('keeps abbreviations, titles and initials inside the sentence', () => {
    expect(texts('U.S. President Donald Trump met Lt. Col. Smith and Gen. Jones in St. Petersburg. J. D. Vance was there too.')).toEqual([
      'U.S. President Donald Trump met Lt. Col. Smith and Gen. Jones in St. Petersburg.',
      'J. D. Vance was there too.',
    ]);
    expect(texts('Mr. Brown and Dr. Green work for Acme Inc. and Widgets Ltd. in the U.K. They left.')).toEqual([
      'Mr. Brown and Dr. Green work for Acme Inc. and Widgets Ltd. in the U.K.',
      'They left.',
    ]);
    expect(texts('Deliveries, e.g. shells, and spare parts, i.e. barrels, cost approx. 5 million. Art. No. 7 applies from Jan. 5 and Sept. 12.')).toEqual([
      'Deliveries, e.g. shells, and spare parts, i.e. barrels, cost approx. 5 million.',
      'Art. No. 7 applies from Jan. 5 and Sept. 12.',
    ]);
  });

  it('ends a sentence at an abbreviation followed by a sentence starter, not by a word that continues it', () => {
    expect(texts('The aid was approved in the U.S. The next day, E.U. officials met. The U.K. Prime Minister spoke.')).toEqual([
      'The aid was approved in the U.S.',
      'The next day, E.U. officials met.',
      'The U.K. Prime Minister spoke.',
    ]);
  });

  it('keeps decimals, amounts and ellipses in the sentence; ends at ? and ! and after closing quotes', () => {
    expect(texts('It costs $2.3bn, or 1.5 billion euros… roughly. Why? “Because we must.” He said so! ‘Fine,’ she replied.')).toEqual([
      'It costs $2.3bn, or 1.5 billion euros… roughly.',
      'Why?',
      '“Because we must.”',
      'He said so!',
      '‘Fine,’ she replied.',
    ]);
    expect(texts('“Is it over?” he asked. Nobody knew.')).toEqual(['“Is it over?” he asked.', 'Nobody knew.']);
  });

  it('goes on across a line break inside a sentence; a blank line, a heading or a list item ends one', () => {
    expect(texts('Sources said the U.S.\nPresident would call.\nThe Kremlin declined\nto comment.\n\nNo full stop here\n\nA Change of Heart\nFor months, nothing moved.\nReasons:\n- money\n- politics')).toEqual([
      'Sources said the U.S.\nPresident would call.',
      'The Kremlin declined\nto comment.',
      'No full stop here',
      'A Change of Heart',
      'For months, nothing moved.',
      'Reasons:',
      'money',
      'politics',
    ]);
  });

  it('returns nothing for empty or blank text', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n ')).toEqual([]);
  });
});

const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const present = existsSync(seeds);
if (!present) {
  if (process.env.CI === 'true') throw new Error(`the seed articles are missing from ${seeds}`);
  console.warn(`skipping the seed-article sentence tests: ${seeds} is absent`);
}

describe.skipIf(!present)('the seed articles', () => {
  const file = (prefix: string) => {
    const name = readdirSync(seeds).find((f) => f.startsWith(prefix));
    if (!name) throw new Error(`no seed article ${prefix}* in ${seeds}`);
    return readFileSync(join(seeds, name), 'utf8');
  };

  it('000: the first sentence spans the "U.S.\\nPresident" line break and ends after Mark Rutte', () => {
    const text = file('000_');
    const [first, second] = splitSentences(text);
    expect(first!.text).toMatch(/^In a confidential conversation[\s\S]*U\.S\.\nPresident Donald Trump[\s\S]*Mark Rutte\.$/);
    expect(second!.text).toMatch(/^The discussion, which took place/);
  });

  it('000: "…of the U.S.\\nCongress, which…" is one sentence, and a closing quote ends the one before', () => {
    const sentences = texts(file('000_'));
    expect(sentences.some((s) => s.startsWith('This perspective contrasts') && s.includes('U.S.\nCongress, which had previously resisted'))).toBe(true);
    expect(sentences.some((s) => s.startsWith('Sources within the White House') && s.endsWith('region.’'))).toBe(true);
  });

  it('003: headings and list items are sentences of their own', () => {
    const sentences = texts(file('003_'));
    expect(sentences).toContain('A Change in Stance');
    expect(sentences).toContain('Why the Shift?');
    expect(sentences.some((s) => s.startsWith('Growing frustration with Vladimir Putin'))).toBe(true);
  });
});
