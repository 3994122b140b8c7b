import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyseArticle } from './analyse.js';
import { compareProfiles, contentWords, findJoinedStories, groupStories, independentStories, namesIn, profile, stem } from './stories.js';
import type { AnalysedSentence, Amount, ArticleAnalysis, DateMention, Entity, EntityKind } from './types.js';

/**
 * A tiny stand-in for the article analysis, enough to exercise the story rules: sentences split at
 * ". " before a capital, entities from a small gazetteer, "Month day" dates, € and $ sums and
 * percentages.
 */
const GAZETTEER: [RegExp, EntityKind, string, string][] = [
  [/\b(?:Ukraine|Ukrainian|Kyiv)\b/g, 'country', 'UKR', 'Ukraine'],
  [/\b(?:Germany|German|Berlin)\b/g, 'country', 'DEU', 'Germany'],
  [/\b(?:Poland|Polish|Warsaw)\b/g, 'country', 'POL', 'Poland'],
  [/\b(?:United States|U\.S\.|Washington)\b/g, 'country', 'USA', 'United States'],
  [/\b(?:Russia|Russian|Moscow)\b/g, 'country', 'RUS', 'Russia'],
  [/\bNATO\b/g, 'organisation', 'NATO', 'NATO'],
  [/\b(?:European Union|EU)\b/g, 'organisation', 'EU', 'European Union'],
  [/\b(?:Donald )?Trump\b/g, 'person', 'donald-trump', 'Donald Trump'],
  [/\b(?:Mark )?Rutte\b/g, 'person', 'mark-rutte', 'Mark Rutte'],
  [/\b(?:Boris )?Pistorius\b/g, 'person', 'boris-pistorius', 'Boris Pistorius'],
];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function analysed(file: string, text: string, published = '2025-07-20'): ArticleAnalysis {
  const sentences: AnalysedSentence[] = [];
  for (const m of text.matchAll(/\S[^\n]*?(?:[.!?](?=\s+[A-Z“"‘])|(?=\n)|$)/g)) {
    const body = m[0];
    const start = m.index;
    const span = (at: number, s: string) => ({ start: start + at, end: start + at + s.length, text: s });
    const entities: Entity[] = [];
    for (const [re, kind, id, name] of GAZETTEER) for (const e of body.matchAll(re)) entities.push({ kind, id, name, span: span(e.index, e[0]) });
    const dates: DateMention[] = [];
    for (const d of body.matchAll(new RegExp(`\\b(${MONTHS.join('|')}) (\\d{1,2})\\b`, 'g')))
      dates.push({ date: `${published.slice(0, 4)}-${String(MONTHS.indexOf(d[1]!) + 1).padStart(2, '0')}-${d[2]!.padStart(2, '0')}`, span: span(d.index, d[0]) });
    const amounts: Amount[] = [];
    for (const a of body.matchAll(/([€$])(\d+(?:\.\d+)?) ?(billion|million)/g)) {
      const [units, fraction = ''] = a[2]!.split('.');
      const zeros = a[3] === 'billion' ? 9 : 6;
      amounts.push({ kind: 'money', currency: a[1] === '€' ? 'EUR' : 'USD', value: `${units}${fraction.padEnd(zeros, '0')}`.replace(/^0+(?=\d)/, ''), span: span(a.index, a[0]) });
    }
    for (const a of body.matchAll(/(\d+(?:\.\d+)?)%/g)) amounts.push({ kind: 'percent', value: a[1]!, span: span(a.index, a[0]) });
    const claims = /\b(?:deliver|pledge|send|pay|agree|announc)\w*/i.test(body) ? (['commitment'] as const) : [];
    sentences.push({ index: sentences.length, start, end: start + body.length, text: body, attributed: false, claims, entities, amounts, dates });
  }
  return { file, published, text, sentences };
}

const pledge = `Germany will send Ukraine four more Patriot air defence systems worth €1.2 billion, Defence Minister Boris Pistorius announced in Berlin on July 14. The systems are to arrive before the winter, when Russian strikes on power plants are expected to intensify. Pistorius said that the first two launchers would be taken from the Bundeswehr's own stocks and replaced by new orders from the manufacturer. The package also includes 300 missiles and spare parts for the systems already in Ukraine. Kyiv has asked its allies for at least ten more Patriot batteries to protect its cities. The announcement came a day after a meeting of the Ramstein contact group, where allies pledged further air defence. Officials in Kyiv welcomed the decision and thanked the German government for its leadership.`;

// an edited copy: a few words changed, one sentence dropped, one added
const pledgeCopy = `Germany will send Ukraine four more Patriot air defence systems worth €1.2 billion, Defence Minister Boris Pistorius announced in Berlin on July 14. The systems are to arrive before winter, when Russian strikes on power plants are expected to intensify. Pistorius said that the first two launchers would be taken from the Bundeswehr's own stocks and replaced by new orders from the manufacturer. The package also includes 300 missiles and spare parts for the systems already in Ukraine. Kyiv has asked its allies for at least ten more Patriot batteries to protect its cities. Officials in Kyiv welcomed the decision and thanked the German government for its leadership. The Kremlin did not comment.`;

// the same story in other words
const pledgeRewrite = `Berlin is sending four additional Patriot batteries to Kyiv in a deal valued at €1.2 billion, German defence chief Boris Pistorius told reporters on July 14. Two of the launchers will come straight out of the Bundeswehr inventory, to be backfilled with fresh orders. Around 300 interceptors and spares are part of the deal. Ukraine wants a minimum of ten further batteries to shield its cities from Russian missile attacks this winter. Ukrainian officials praised the German move.`;

// another story on the same topic, with the same actors: different event, date and sum
const otherStory = `Ukraine received a first shipment of German Iris-T air defence systems on March 3, Defence Minister Boris Pistorius said during a visit to a production plant. The delivery, worth €450 million, had been delayed for months by a shortage of components. Pistorius told workers that Germany would remain Ukraine's largest supporter in Europe. Russian missile attacks on Kyiv have increased sharply in recent weeks. Ukrainian officials said the new systems would be placed around the capital.`;

// unrelated subject entirely
const unrelated = `Farmers across Poland reported a record apple harvest this autumn, the agriculture ministry in Warsaw said. Prices fell by 20% as cold stores filled up and exporters struggled to find buyers abroad. Growers asked the government for help with storage costs and transport. The ministry said it would consider a support scheme in the spring.`;

describe('groupStories', () => {
  const arts = [
    analysed('a-pledge.txt', pledge),
    analysed('b-copy.txt', pledgeCopy),
    analysed('c-rewrite.txt', pledgeRewrite),
    analysed('d-other.txt', otherStory),
    analysed('e-unrelated.txt', unrelated),
  ];

  it('finds the copy, the rewrite, and leaves the other story on the same topic and the unrelated one alone', () => {
    const groups = groupStories(arts);
    expect(groups.map((g) => g.files)).toEqual([['a-pledge.txt', 'b-copy.txt', 'c-rewrite.txt'], ['d-other.txt'], ['e-unrelated.txt']]);
    const [story] = groups;
    const copy = story!.pairs.find((p) => p.a === 'a-pledge.txt' && p.b === 'b-copy.txt');
    expect(copy?.relation).toBe('copy');
    expect(Number(copy!.textSimilarity)).toBeGreaterThanOrEqual(0.5);
    const rewrite = story!.pairs.find((p) => p.a === 'a-pledge.txt' && p.b === 'c-rewrite.txt');
    expect(rewrite?.relation).toBe('rewrite');
    expect(Number(rewrite!.textSimilarity)).toBeLessThan(0.5);
    for (const p of story!.pairs) {
      expect(p.textSimilarity).toMatch(/^[01]\.\d{3}$/);
      expect(p.claimSimilarity).toMatch(/^[01]\.\d{3}$/);
      expect(p.a < p.b).toBe(true);
    }
  });

  it('finds the same groups among more articles than it compares pair by pair (LSH candidates)', () => {
    // 120 filler articles on other subjects, each its own story
    const vocabulary = 'harvest river school bridge concert museum railway hospital festival library orchard market vineyard harbour stadium theatre garden forest village mountain'.split(' ');
    const filler = Array.from({ length: 120 }, (_, k) => {
      const pick = (x: number) => vocabulary[(k * 7 + x * 13 + ((k * x) % 5)) % vocabulary.length]!;
      const text = Array.from({ length: 6 }, (_, x) => `The ${pick(x)} near town ${k} saw ${k + x} visitors and a new ${pick(x + 3)} opened on day ${x}.`).join(' ');
      return analysed(`filler-${String(k).padStart(3, '0')}.txt`, text);
    });
    const groups = groupStories([...arts, ...filler]);
    expect(groups.filter((g) => g.files.length > 1).map((g) => g.files)).toEqual([['a-pledge.txt', 'b-copy.txt', 'c-rewrite.txt']]);
    expect(groups).toHaveLength(3 + 120);
  });

  it('counts independent stories, not articles', () => {
    const groups = groupStories(arts);
    expect(independentStories(groups)).toBe(3);
    expect(independentStories(groups, ['a-pledge.txt', 'b-copy.txt', 'c-rewrite.txt'])).toBe(1);
    expect(independentStories(groups, ['a-pledge.txt', 'd-other.txt'])).toBe(2);
    expect(independentStories(groups, [])).toBe(0);
  });

  it('does not depend on the order of the articles, and refuses a file given twice', () => {
    expect(groupStories([...arts].reverse())).toEqual(groupStories(arts));
    expect(() => groupStories([arts[0]!, arts[0]!])).toThrow(/a-pledge\.txt.*twice/);
    expect(groupStories([])).toEqual([]);
  });

  it('needs shared event facts for a rewrite: the same actors alone are not the same story', () => {
    const [a, other] = [profile(arts[0]!), profile(arts[3]!)];
    const m = compareProfiles(a, other);
    expect(m.sharedFacts).toEqual([]);
    expect(m.relation).toBeUndefined();
    const r = compareProfiles(a, profile(arts[2]!));
    expect(r.sharedFacts).toEqual(expect.arrayContaining(['amount:money:1200000000:EUR', 'date:2025-07-14']));
    expect(r.claims).toBeGreaterThan(m.claims);
  });

  it('does not take the day before publication, which any two stories of that day share, for the same event', () => {
    const talks = `Boris Pistorius said on July 15 that Germany would keep training Ukrainian pilots at bases in the north. The programme has trained two hundred crews since it began.`;
    const budget = `Germany's parliament approved on July 15 a defence budget that Boris Pistorius said would still fall short for Ukraine. Opposition lawmakers called the plan a bookkeeping trick.`;
    const m = compareProfiles(profile(analysed('t.txt', talks, '2025-07-16')), profile(analysed('b.txt', budget, '2025-07-16')));
    expect(m.sharedFacts).toEqual(['date:2025-07-15']);
    expect(m.claims).toBeGreaterThanOrEqual(0.3);
    expect(m.factScore).toBe(1);
    expect(m.relation).toBeUndefined();
  });

  it('does not take a follow-up that repeats the first story as background for a rewrite', () => {
    const followUp = `The first two Patriot systems Germany promised Ukraine arrived in Kyiv on September 20, Ukrainian Defence Minister Denys Shmyhal said. The launchers were moved by rail through Poland under tight security. Shmyhal said they would protect the capital and power plants in the centre of Ukraine. Two more systems are due before the end of the year. Pistorius said the Bundeswehr would replace the launchers it gave up with new orders from the manufacturer. Berlin had announced the four systems, worth €1.2 billion, on July 14.`;
    const m = compareProfiles(profile(analysed('a.txt', pledge, '2025-07-15')), profile(analysed('f.txt', followUp, '2025-09-21')));
    // the background sentence shares the sum and the day, and the names
    expect(m.factScore).toBeGreaterThanOrEqual(2);
    expect(m.claims).toBeGreaterThanOrEqual(0.3);
    expect(m.differentEvents).toBe(true);
    expect(m.relation).toBeUndefined();
    // a rewrite whose lede carries the same sum is not vetoed
    const r = compareProfiles(profile(analysed('a.txt', pledge, '2025-07-15')), profile(analysed('c.txt', pledgeRewrite, '2025-07-15')));
    expect(r.differentEvents).toBe(false);
  });

  it('puts a joined article in the group of each of its stories without merging them', () => {
    const farm = `Polish farmers blocked roads near Warsaw on Tuesday, demanding limits on cheap grain from abroad. Tractors stood across the main routes into the capital for most of the day. The farmers say wheat prices have fallen below what it costs them to grow it. Agriculture Minister Czeslaw Siekierski promised to meet their leaders next week. Farm unions say more protests will follow if nothing changes.`;
    const joinedText = `${pledge.split('. ').join('.\n\n')}\n\n${farm}`;
    const joined = analysed('j.txt', joinedText);
    expect(findJoinedStories(joined)?.reason).toMatch(/second lede/);
    const groups = groupStories([analysed('a-pledge.txt', pledge), analysed('f-farm.txt', farm), joined]);
    expect(groups.map((g) => g.files)).toEqual([['a-pledge.txt', 'j.txt'], ['f-farm.txt', 'j.txt']]);
    expect(independentStories(groups)).toBe(2);
    expect(independentStories(groups, ['j.txt'])).toBe(2);
    expect(groups[1]!.pairs).toEqual([expect.objectContaining({ a: 'f-farm.txt', b: 'j.txt', relation: 'copy' })]);
  });

  it('takes an excerpt (most of a short text inside a longer one) for a copy', () => {
    const excerpt = pledge.split('. ').slice(0, 4).join('. ') + '.';
    const m = compareProfiles(profile(analysed('x.txt', excerpt)), profile(analysed('y.txt', `${pledge} ${otherStory}`)));
    expect(m.text).toBeLessThan(0.5);
    expect(m.containment).toBeGreaterThanOrEqual(0.8);
    expect(m.relation).toBe('copy');
  });
});

describe('text helpers', () => {
  it('stems plurals and verb forms and drops stop words', () => {
    expect(['deliveries', 'delivery'].map(stem)).toEqual(['delivery', 'delivery']);
    expect(['halting', 'halted', 'halts'].map(stem)).toEqual(['halt', 'halt', 'halt']);
    expect(contentWords('The weapons were delivered to the front')).toEqual(['weapon', 'deliver', 'front']);
  });

  it('finds proper names, but not the capital of a sentence’s first word', () => {
    expect(namesIn('The meeting was held in the White House’s Situation Room on July 10.')).toEqual(['white house', 'situation room']);
    expect(namesIn('Rutte told Fox News about it.')).toEqual(['fox news']);
  });
});

describe('findJoinedStories', () => {
  const first = [
    'In the shadow of the summit, NATO allies agreed to buy American weapons for Ukraine.',
    'The arrangement lets European governments pay for Patriot missiles made in the United States.',
    'Germany and the Netherlands were the first to sign up for the first package.',
    'Officials said the first deliveries could reach Ukraine within weeks.',
    'Critics warned that the scheme would strain European budgets already stretched by rearmament.',
    'NATO will coordinate the shipments through its logistics hub in Poland.',
  ];
  const second = [
    'In the shadow of the summit, European farmers protested against cheap grain imports from Ukraine.',
    'Tractors blocked the roads around the conference centre for most of the day.',
    'Farmers say prices for wheat and maize have fallen below the cost of production.',
    'The European Commission promised to review the trade rules before the next harvest.',
    'Grain traders expect exports to fall again next year.',
    'The protests ended peacefully in the evening.',
  ];

  it('finds where a second story begins when the lede is repeated', () => {
    const joined = findJoinedStories(analysed('joined.txt', [...first, ...second].join(' ')));
    expect(joined?.boundaries).toEqual([first.length]);
    expect(joined?.reason).toMatch(/repeats the lede/);
    expect(findJoinedStories(analysed('one.txt', [...first, ...first.slice(1).map((s) => s.replace('Officials', 'Diplomats'))].join(' ')))).toBeUndefined();
  });

  it('finds a second dateline or byline', () => {
    const dated = [...first, 'KYIV (Reuters) — Power was restored to most of the city after overnight strikes.', ...second.slice(1)];
    expect(findJoinedStories(analysed('dateline.txt', dated.join(' ')))?.boundaries).toEqual([first.length]);
  });

  it('does not cut a single story at a subheading when the actors carry on', () => {
    const withHeading = [...first.slice(0, 5), 'What Comes Next\n', ...first.slice(1).map((s) => s.replace('first', 'next'))].join(' ');
    expect(findJoinedStories(analysed('heading.txt', withHeading))).toBeUndefined();
  });

  it('leaves short articles alone', () => {
    expect(findJoinedStories(analysed('short.txt', first.join(' ')))).toBeUndefined();
  });
});

// The five seed articles, through the project's article analysis
const seeds = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
const seedsPresent = existsSync(seeds) && readdirSync(seeds).filter((f) => f.endsWith('.txt')).length === 5;
if (!seedsPresent) {
  if (process.env.CI === 'true') throw new Error(`the seed articles are missing from ${seeds}`);
  console.warn(`skipping the seed-article story tests: ${seeds} is absent`);
}

describe.skipIf(!seedsPresent)('the seed articles', () => {
  let cached: ArticleAnalysis[] | undefined;
  const articles = () =>
    (cached ??= readdirSync(seeds)
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((file) => analyseArticle({ file, text: readFileSync(join(seeds, file), 'utf8'), published: '2025-07-20' })));

  it('tell 000 and 001 as one story (a rewrite), and the others apart', () => {
    const groups = groupStories(articles());
    const [a, b, c, d, e] = readdirSync(seeds).filter((f) => f.endsWith('.txt')).sort();
    expect(groups.map((g) => g.files)).toEqual([[a, b], [c], [d], [e]]);
    expect(groups[0]!.pairs).toEqual([expect.objectContaining({ a, b, relation: 'rewrite' })]);
    expect(independentStories(groups)).toBe(4);
  });

  it('find 002 joined from two stories, and no other seed joined', () => {
    const found = articles().map((a) => findJoinedStories(a));
    expect(found.map((f) => f !== undefined)).toEqual([false, false, true, false, false]);
    const joined = articles()[2]!;
    const [boundary] = found[2]!.boundaries;
    expect(found[2]!.boundaries).toHaveLength(1);
    expect(joined.sentences[boundary!]!.text).toMatch(/^In the shadow of a reelected presidency/);
  });
});
