import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findAttribution } from './attribution.js';
import { splitSentences } from './sentences.js';

/** The attribution of a text taken as one sentence, with its offsets checked against the text. */
function attribution(text: string, prefix = '') {
  const full = prefix + text;
  const sentence = { index: 0, start: prefix.length, end: full.length, text };
  const found = findAttribution(full, sentence);
  if (found) {
    expect(full.slice(found.source.start, found.source.end)).toBe(found.source.text);
    expect(full.slice(found.cue.start, found.cue.end)).toBe(found.cue.text);
  }
  return found && { type: found.type, source: found.source.text, cue: found.cue.text, ...(found.role ? { role: found.role } : {}) };
}

describe('findAttribution: cue placements', () => {
  it('start: "According to X, …"', () => {
    expect(attribution('According to Norway’s finance ministry, the second tranche was paid on 3 March.')).toEqual({ type: 'organisation', source: 'Norway’s finance ministry', cue: 'According to' });
  });
  it('end: "…, X said." and "…, X told Y."', () => {
    expect(attribution('The trucks crossed into Moldova overnight, the border police said.')).toEqual({ type: 'organisation', source: 'the border police', cue: 'said' });
    expect(attribution('The Czech shells will be paid for by Denmark, two diplomats told AFP.')).toEqual({ type: 'anonymous', source: 'two diplomats', cue: 'told' });
  });
  it('middle: "X said that …", with the role before the name', () => {
    expect(attribution('Estonian Prime Minister Kristen Michal said that Tallinn would double its order.')).toEqual({
      type: 'person', source: 'Estonian Prime Minister Kristen Michal', cue: 'said', role: 'Estonian Prime Minister',
    });
  });
  it('inversion: "…,” said X, a role."', () => {
    expect(attribution('“We are buying time, not victory,” said Piotr Nowak, a retired general in Krakow.')).toEqual({
      type: 'person', source: 'Piotr Nowak', cue: 'said', role: 'retired general in Krakow',
    });
  });
  it('a parenthetical between the source and the verb: "X, who …, said"; "X, speaking on condition of anonymity, described"', () => {
    expect(attribution('Lina Berg, who runs the depot near Rzeszow, said the pallets had been counted twice.')).toEqual({ type: 'person', source: 'Lina Berg', cue: 'said' });
    expect(attribution('A European diplomat, speaking on condition of anonymity, described the talks as tense.')).toMatchObject({ type: 'anonymous', source: 'A European diplomat', cue: 'described' });
  });
  it('an apposition that names the person: "The agency’s director, Jan Kowal, said"', () => {
    expect(attribution('The agency’s director, Jan Kowal, said the audit was finished.')).toMatchObject({ type: 'person', source: 'Jan Kowal', cue: 'said' });
  });
  it('colon: "X: “…”" and a headline "X: claim"', () => {
    expect(attribution('Deputy Minister Olha Stefanishyna: “The money has arrived.”')).toMatchObject({ type: 'person', cue: ':' });
    expect(attribution('Pentagon: first Patriot batteries will ship in August')).toMatchObject({ type: 'organisation', source: 'Pentagon', cue: ':' });
    expect(attribution('Analysis: why the deal matters for Kyiv')).toBeUndefined();
  });
  it('passive with an agent: "was confirmed by X"', () => {
    expect(attribution('The transfer was confirmed by the Lithuanian defence ministry on Friday.')).toMatchObject({ type: 'organisation', cue: 'confirmed by' });
  });
  it('offsets are absolute: into the article, not the sentence', () => {
    const prefix = 'An earlier sentence.\n';
    const sentence = 'Officials in Warsaw said the money was late.';
    const found = findAttribution(prefix + sentence, { index: 1, start: prefix.length, end: prefix.length + sentence.length, text: sentence });
    expect(found?.source.start).toBe(prefix.length);
    expect(found?.source.text).toBe('Officials in Warsaw');
  });
});

describe('findAttribution: kinds of source', () => {
  it('anonymous sources in their usual forms', () => {
    for (const [sentence, source] of [
      ['The deal is close, sources close to the Elysee said.', 'sources close to the Elysee'],
      ['A person familiar with the matter said the contract was signed in May.', 'A person familiar with the matter'],
      ['Officials who spoke on condition of anonymity said the convoy was delayed.', 'Officials who spoke on condition of anonymity'],
      ['The money was diverted, insiders claim.', 'insiders'],
      ['People briefed on the talks say Rome will pay half.', 'People briefed on the talks'],
      ['A senior official said no decision had been taken.', 'A senior official'],
    ] as const) {
      expect(attribution(sentence), sentence).toMatchObject({ type: 'anonymous', source });
    }
  });
  it('documents', () => {
    expect(attribution('A classified report seen by this newspaper shows that 40 vehicles are missing.')).toMatchObject({ type: 'document', cue: 'shows' });
    expect(attribution('Spending rose by a third, according to data from the statistics office.')).toMatchObject({ type: 'document', source: 'data from the statistics office' });
    expect(attribution('The letter, dated 2 May, states that the guns were never shipped.')).toMatchObject({ type: 'document', source: 'The letter' });
    expect(attribution('A Pentagon memo noted that stocks were low.')).toMatchObject({ type: 'document', source: 'A Pentagon memo' });
  });
  it('organisations from the gazetteer, by their shape, and countries speaking as such', () => {
    expect(attribution('The Kremlin said the shipments would prolong the war.')).toMatchObject({ type: 'organisation' });
    expect(attribution('NATO said in a statement that the fund had received €1bn.')).toMatchObject({ type: 'organisation', source: 'NATO' });
    expect(attribution('Kiel Institute researchers found that pledges fell.')).toMatchObject({ type: 'anonymous' });
    expect(attribution('The Ministry of Defence said the helicopters had been delivered.')).toMatchObject({ type: 'organisation', source: 'The Ministry of Defence' });
    expect(attribution('Germany said it would pay for two more systems.')).toMatchObject({ type: 'organisation', source: 'Germany' });
  });
  it('pronouns', () => {
    expect(attribution('She told lawmakers that the audit would be public.')).toEqual({ type: 'pronoun', source: 'She', cue: 'told' });
    expect(attribution('“We will not wait,” they added.')).toEqual({ type: 'pronoun', source: 'they', cue: 'added' });
  });
  it('a definite role without a name is a person, an indefinite one anonymous', () => {
    expect(attribution('The minister said the order was final.')).toMatchObject({ type: 'person', role: 'minister' });
    expect(attribution('A minister said the order was final.')).toMatchObject({ type: 'anonymous' });
  });
});

describe('findAttribution: what is not an attribution', () => {
  for (const sentence of [
    'The reported deal would cost €2bn.',
    'The said contract covers spare parts.',
    'The deal, announced last week, covers 40 launchers.',
    'The package was announced on Tuesday.',
    'Everything went according to plan.',
    'The White House has not confirmed the meeting.',
    'Officials declined to comment on the figures.',
    'Trump’s stated ambition is a quick peace.',
    'The convoy reached Lviv after a three-day drive.',
    'He met the minister in Kyiv on Monday.',
  ]) {
    it(sentence, () => expect(attribution(sentence)).toBeUndefined());
  }
});

const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const present = existsSync(seeds);
if (!present) {
  if (process.env.CI === 'true') throw new Error(`the seed articles are missing from ${seeds}`);
  console.warn(`skipping the seed-article attribution tests: ${seeds} is absent`);
}

describe.skipIf(!present)('the seed articles', () => {
  const article = (prefix: string) => {
    const name = readdirSync(seeds).find((f) => f.startsWith(prefix));
    if (!name) throw new Error(`no seed article ${prefix}* in ${seeds}`);
    const text = readFileSync(join(seeds, name), 'utf8');
    return splitSentences(text).map((sentence) => ({ sentence, found: findAttribution(text, sentence) }));
  };
  const find = (rows: ReturnType<typeof article>, start: string) => {
    const row = rows.find((r) => r.sentence.text.startsWith(start));
    if (!row) throw new Error(`no sentence starting ${start}`);
    return row.found;
  };

  it('000: "According to Rutte, Trump emphasized…" rests on Rutte, a person, with the cue "According to"', () => {
    expect(find(article('000_'), 'According to Rutte, Trump emphasized')).toMatchObject({ type: 'person', source: { text: 'Rutte' }, cue: { text: 'According to' } });
  });
  it('000: the first sentence rests on "sources close to the administration", anonymous', () => {
    expect(find(article('000_'), 'In a confidential conversation')).toMatchObject({ type: 'anonymous', source: { text: 'sources close to the administration' } });
  });
  it('002: the "classified report" is a document; the anonymous NATO official is anonymous', () => {
    const rows = article('002_');
    expect(find(rows, 'A classified report obtained')).toMatchObject({ type: 'document', cue: { text: 'revealed' } });
    expect(find(rows, 'One senior NATO official, speaking on condition of anonymity')).toMatchObject({ type: 'anonymous' });
    expect(find(rows, 'He has repeatedly argued')).toMatchObject({ type: 'pronoun' });
  });
  it('001: sentences in the article’s own voice have no attribution', () => {
    const rows = article('001_');
    expect(find(rows, 'For NATO, it signals')).toBeUndefined();
    expect(find(rows, 'And for Ukraine, it offers a lifeline')).toBeUndefined();
  });
});
