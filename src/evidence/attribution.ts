/**
 * Who a sentence rests on: the source span, the cue, and the kind of source. Rule-based and
 * explainable; offsets are absolute (into the article's text).
 *
 * Cues, strongest first:
 * - "according to X" and "as reported by X" (anywhere; "according to plan/schedule/…" is not a
 *   cue);
 * - a reporting verb with its speaker: before it ("X said (that) …", "…, X said.", "X, who …,
 *   said"), after it ("…,” said X", "…, said X, who …"), or its agent in the passive ("… was
 *   confirmed by X"); verbs of saying in any tense (said, says, told, added, warned, wrote,
 *   argued, claimed, insisted, stressed, emphasised/emphasized, described, estimated, …) and
 *   verbs that report a finding when their subject is a source (a report, data, sources:
 *   "shows", "found", "suggest", "indicate", "reveal");
 * - "X: …" at the start of a sentence (headlines, transcripts) when X is a known name;
 * - the comma clause of a sentence's subject: "…, arguing that …", "…, saying …";
 * - "as X put it", "in the words of X";
 * - last, wording that rests on unnamed reports: "it is understood", "it is believed",
 *   "it was reported", "speaking on condition of anonymity".
 *
 * Outlets passing on someone else's words: the source is the one cited, the outlet only the
 * channel ("Reuters, citing three people familiar with the matter, reported …", "Politico
 * quoted an unnamed official as saying …", "According to Bloomberg, which cited people …");
 * "The Telegraph understands that …" and "Sky News has learned that …" rest on the outlet's
 * unnamed sources (anonymous, with the outlet as the span). An outlet that is the only source
 * named ("Bloomberg reported that …") is an organisation.
 *
 * Passive reporting: "X was quoted (by Y) as saying …" rests on X, on the record. "X is
 * understood / said / believed / thought / reported / rumoured to …" with no agent is hearsay
 * from people the article does not name: anonymous, whatever X is (X is what the claim is
 * about, not who vouches for it), and the source and cue spans are both the hedge ("is said
 * to"). With an agent ("is said by aides to"), the agent, as for any passive. "said to have"
 * without a form of "be" ("the billions said to have vanished") is a hedge in the article's
 * own voice and no attribution (the labelling guidelines); "is expected to" and "is known to"
 * are not reports.
 *
 * Documents that report a figure after the verb: "A leaked memo puts the cost at £4bn", "the
 * ministry places the damage at …", "Preliminary results give the party 41 percent"; a
 * participle with its complement stays in the source ("Figures published by the Kiel
 * Institute show …", "The memo, seen by Reuters, says …").
 *
 * Not cues: a reporting word used as an adjective ("the reported deal", "the said contract",
 * "Trump's stated ambition"); a negated or hypothetical one ("has not confirmed", "declined to
 * say", "would say"); "announced", "confirmed", "revealed", "disclosed", "denied" with a plain
 * object rather than a clause ("Canada announced a package", "The deal, announced last week,
 * …"): announcing an act is itself an event, so such sentences carry no attribution; a passive
 * without an agent ("the plan was announced on Tuesday"): it names no one.
 *
 * Kinds of source (see types.ts): a pronoun; a document (its head noun is report, memo,
 * letter, statement, data, …); anonymous (head noun sources, officials, insiders, diplomats,
 * people, a person, aides, … without a name, or an "on condition of anonymity" in the
 * sentence); an organisation (in the project's gazetteer, a country, an acronym, or a name
 * ending in Ministry, Institute, Agency, News, …; and "the ministry", "the government",
 * spokespeople, who speak for a body; a single capitalised word outside the gazetteer by its
 * context and shape, see `singleName`); otherwise a person, with the role that comes before
 * the name ("NATO Secretary-General") or in an apposition ("Kristalina Georgieva, the IMF's
 * managing director"). A definite role without a name ("the minister", "the
 * secretary-general") is a person; an indefinite one ("a minister") is anonymous.
 */

import { gazetteerNames } from './gazetteer/index.js';
import type { Attribution, Sentence, SourceType, Span } from './types.js';

interface Token {
  readonly text: string;
  readonly lower: string;
  /** Offsets relative to the sentence. */
  readonly start: number;
  readonly end: number;
  readonly word: boolean;
}

const titleAbbreviations = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'lt', 'col', 'maj', 'capt', 'sgt', 'adm', 'gov', 'sen', 'rep', 'st', 'rev', 'jr', 'sr', 'no']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /[\p{L}\p{N}]+(?:[.'’\-&][\p{L}\p{N}]+)*|\S/gu;
  for (const match of text.matchAll(pattern)) {
    let value = match[0];
    let end = match.index + value.length;
    // Keep the full stop of an abbreviation or an initial: "U.S.", "Gen.", "J."
    if (text[end] === '.' && /[\p{L}]/u.test(value[0] ?? '')) {
      const lower = value.toLowerCase();
      if (/^(?:\p{L}\.)+\p{L}$/u.test(value) || /^\p{Lu}$/u.test(value) || titleAbbreviations.has(lower)) {
        const after = text[end + 1];
        if (after === undefined ? /\./.test(value) : true) {
          value += '.';
          end += 1;
        }
      }
    }
    const word = /[\p{L}\p{N}]/u.test(value);
    tokens.push({ text: value, lower: value.toLowerCase(), start: match.index, end, word });
  }
  // The pattern matched "U.S" and the stop was added; drop stray stop tokens the merge consumed.
  return tokens.filter((t, i) => !(t.text === '.' && i > 0 && (tokens[i - 1]?.end ?? -1) > t.start));
}

// ---------------------------------------------------------------------------------------------
// Word lists.

const cueForms = new Map<string, { lemma: string; strong: boolean }>();
function cue(strong: boolean, lemma: string, ...forms: string[]): void {
  for (const f of [lemma, ...forms]) cueForms.set(f, { lemma, strong });
}
function regular(strong: boolean, ...lemmas: string[]): void {
  for (const lemma of lemmas) {
    const third = /(?:s|sh|ch|x|z)$/.test(lemma) ? `${lemma}es` : /[^aeiou]y$/.test(lemma) ? `${lemma.slice(0, -1)}ies` : `${lemma}s`;
    const past = lemma.endsWith('e') ? `${lemma}d` : /[^aeiou]y$/.test(lemma) ? `${lemma.slice(0, -1)}ied` : `${lemma}ed`;
    cue(strong, lemma, third, past);
  }
}
cue(true, 'say', 'says', 'said');
cue(true, 'tell', 'tells', 'told');
cue(true, 'write', 'writes', 'wrote');
cue(true, 'admit', 'admits', 'admitted');
cue(true, 'quip', 'quips', 'quipped');
cue(true, 'put', 'puts');
cue(true, 'place', 'places', 'placed');
cue(false, 'give', 'gives', 'gave');
cue(false, 'find', 'finds', 'found');
cue(false, 'show', 'shows', 'showed', 'shown');
regular(true, 'state', 'announce', 'confirm', 'add', 'note', 'claim', 'insist', 'warn', 'reveal', 'report', 'explain', 'acknowledge');
regular(true, 'deny', 'argue', 'emphasise', 'emphasize', 'stress', 'assert', 'contend', 'disclose', 'declare', 'tweet', 'reply');
regular(true, 'respond', 'counter', 'allege', 'testify', 'reiterate', 'remark', 'comment', 'mention', 'caution', 'concede', 'predict');
regular(true, 'estimate', 'characterise', 'characterize', 'describe', 'accuse', 'underscore', 'highlight', 'observe', 'conclude');
regular(true, 'complain', 'boast', 'stipulate', 'recount', 'recall', 'maintain', 'quip', 'announce', 'forecast');
regular(false, 'reckon', 'foresee', 'envisage', 'envision', 'stipulate', 'believe', 'expect', 'fear', 'think', 'assess', 'post', 'suggest', 'indicate', 'hint', 'signal', 'conclude', 'confirm', 'project', 'document');

/** Verbs whose bare object is an act rather than a clause: attribution only with "that", a quote or a clause placement. */
const needClause = new Set(['complain', 'add', 'post', 'concede', 'confirm', 'reveal', 'disclose', 'deny', 'declare', 'highlight', 'underscore', 'mention', 'document', 'signal', 'project', 'find', 'show', 'note', 'recall', 'maintain', 'counter', 'conclude', 'admit', 'acknowledge', 'describe', 'characterise', 'characterize', 'accuse', 'predict', 'forecast', 'estimate', 'comment', 'testify', 'reply', 'respond']);
/** Forms that are also nouns ("the claims", "media reports"): need "that", a comma or the end after them. */
const nounLike = new Set(['posts', 'post', 'states', 'notes', 'claims', 'reports', 'comments', 'remarks', 'counters', 'estimates', 'tweets', 'estimate', 'claim', 'report', 'comment', 'note', 'warns', 'finds', 'shows', 'signals', 'hints', 'documents', 'projects', 'forecasts', 'forecast', 'states']);
/** Clause verbs that introduce what the source says. */
const complementVerbs = new Set(['describe', 'characterise', 'characterize', 'accuse']);

const determiners = new Set(['the', 'a', 'an', 'this', 'these', 'those', 'its', 'his', 'her', 'their', 'our', 'my', 'your', 'one', 'two', 'three', 'four', 'five', 'several', 'some', 'many', 'most', 'multiple', 'other', 'another', 'both', 'all', 'each', 'various', 'few', 'numerous', 'any', 'no']);
const pronouns = new Set(['he', 'she', 'they', 'we', 'i', 'you', 'it']);
const modals = new Set(['to', 'will', 'would', 'could', 'can', 'may', 'might', 'should', 'must', 'shall', 'did', 'does', 'do', "won't", "wouldn't", "didn't", "doesn't", "don't", 'cannot']);
const negations = new Set(['not', 'never', "n't", 'no', 'neither', 'nor']);
const be = new Set(['is', 'was', 'were', 'are', 'be', 'been', 'being', "'s"]);
const adverbs = new Set(['today', 'yesterday', 'tonight', 'also', 'has', 'have', 'had', 'later', 'then', 'again', 'once', 'already', 'further', 'long', 'since', 'often', 'first', 'recently', 'previously', 'repeatedly', 'publicly', 'privately', 'reportedly', 'earlier', 'still', 'now', 'even', 'separately', 'specifically', 'similarly', 'subsequently', 'initially', 'consistently', 'would', 'just', 'too']);
const prepositions = new Set(['of', 'from', 'at', 'in', 'with', 'within', 'for', 'on', 'to', 'by', 'inside', 'among', 'across', 'close', 'familiar', 'near', 'under', 'around', 'privy', 'about', 'into']);
const stopWords = new Set([
  'that', 'which', 'who', 'whom', 'whose', 'when', 'where', 'while', 'because', 'but', 'or', 'if', 'as', 'than', 'so', 'yet', 'not',
  'is', 'are', 'was', 'were', 'be', 'been', 'being', 'has', 'have', 'had', 'do', 'does', 'did', 'will', 'would', 'could', 'should',
  'can', 'may', 'might', 'must', 'shall', 'there', 'here', 'also', 'however', 'though', 'although', 'after', 'before', 'since', 'until',
  'unless', 'whether', 'then', 'meanwhile', 'amid', 'despite', 'during', 'over', 'via', 'per', 'what', 'how', 'why', 'such', 'very',
  'only', 'just', 'even', 'now', 'today', 'yesterday', 'tomorrow', 'reportedly', 'allegedly', 'apparently', 'according', 'him', 'them', 'us', 'me',
]);
const temporal = new Set([
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june',
  'july', 'august', 'september', 'october', 'november', 'december', 'jan.', 'feb.', 'aug.', 'sept.', 'oct.', 'nov.', 'dec.', 'last', 'next',
  'this', 'earlier', 'later', 'week', 'month', 'year', 'today', 'yesterday', 'tonight', 'morning', 'evening', 'afternoon', 'night',
  'weekend', 'on', 'in', 'at', 'by', 'during', 'after', 'before', 'meanwhile', 'now', 'then', 'separately', 'also', 'and', 'but',
  'however', 'still', 'yet', 'so', 'thus',
]);
/** -ed and -ing words that are adjectives in a source's noun phrase. */
const participleAdjectives = new Set(['classified', 'leaked', 'unnamed', 'unidentified', 'informed', 'united', 'elected', 'appointed', 'retired', 'detailed', 'alleged', 'embattled', 'confidential', 'published', 'released', 'revised', 'updated', 'unpublished', 'internal', 'senior', 'ruling', 'leading', 'outgoing', 'incoming', 'governing', 'acting', 'founding', 'presiding', 'managing', 'briefing', 'restricted', 'sealed', 'signed', 'redacted', 'declassified', 'audited', 'armed', 'allied', 'authorised', 'authorized', 'trusted', 'disgruntled', 'concerned', 'involved', 'annual', 'joint', 'dated']);

const documentHeads = new Set([
  'report', 'reports', 'memo', 'memos', 'memorandum', 'document', 'documents', 'letter', 'letters', 'statement', 'statements', 'data',
  'figures', 'study', 'studies', 'survey', 'surveys', 'analysis', 'analyses', 'assessment', 'assessments', 'filing', 'filings', 'record',
  'records', 'minutes', 'communications', 'communication', 'cable', 'cables', 'email', 'emails', 'e-mail', 'transcript', 'transcripts', 'draft',
  'paper', 'papers', 'budget', 'release', 'website', 'post', 'tweet', 'poll', 'polls', 'audit', 'audits', 'review', 'findings',
  'estimates', 'estimate', 'briefing', 'communique', 'communiqué', 'declaration', 'agreement', 'contract', 'resolution', 'database',
  'dataset', 'tracker', 'index', 'notes', 'note', 'dossier', 'file', 'files', 'footage', 'video', 'images', 'photos', 'satellite', 'leak',
  'leaks', 'documentation', 'testimony', 'evidence', 'intelligence', 'accounts', 'account', 'invoice', 'invoices', 'ledger',
  'spreadsheet', 'table', 'chart', 'summary', 'directive', 'order', 'decree', 'law', 'bill', 'text', 'strategy', 'plan', 'proposal',
  'reporting', 'ruling', 'rulings', 'indictment', 'results', 'result', 'notice', 'appeal', 'judgment', 'judgement', 'verdict',
  'complaint', 'lawsuit', 'submission', 'manifest', 'register', 'census', 'projection', 'projections', 'calculations', 'statistics',
  'numbers', 'tally', 'count', 'list', 'minutes', 'readout', 'guidance', 'disclosure', 'disclosures', 'prospectus', 'bulletin',
  'investigation', 'inquiry', 'probe', 'report’s', "report's", 'imagery', 'photographs', 'pictures', 'recordings', 'recording', 'logs',
  'polling', 'forecasts', 'modelling', 'modeling', 'calculation', 'returns', 'accounts', 'papers', 'readings', 'measurements',
]);
const anonymousHeads = new Set([
  'source', 'sources', 'official', 'officials', 'insider', 'insiders', 'diplomat', 'diplomats', 'person', 'people', 'aide', 'aides',
  'adviser', 'advisers', 'advisor', 'advisors', 'staffer', 'staffers', 'analyst', 'analysts', 'expert', 'experts', 'observer',
  'observers', 'lawmaker', 'lawmakers', 'legislator', 'legislators', 'member', 'members', 'participant', 'participants', 'negotiator',
  'negotiators', 'someone', 'somebody', 'colleague', 'colleagues', 'allies', 'critic', 'critics', 'supporter', 'supporters', 'officer',
  'officers', 'soldier', 'soldiers', 'resident', 'residents', 'witness', 'witnesses', 'employee', 'employees', 'worker', 'workers',
  'executive', 'executives', 'figure', 'operative', 'operatives', 'leaders', 'representatives', 'delegates', 'counterparts',
  'those', 'others', 'many', 'some', 'envoys', 'ministers', 'commanders', 'generals', 'investigators', 'auditors', 'economists',
  'bankers', 'traders', 'managers', 'veterans', 'contractors', 'individuals', 'individual', 'man', 'woman', 'men', 'women',
  'journalists', 'reporters', 'correspondents', 'activists', 'campaigners', 'researchers', 'scholars', 'academics', 'experts',
  'spokespeople', 'mps', 'senators', 'congressmen', 'delegation', 'circles', 'circle', 'quarters', 'insiders', 'intermediaries',
  'pal', 'pals', 'friend', 'friends', 'neighbour', 'neighbours', 'neighbor', 'neighbors', 'relative', 'relatives', 'onlookers',
  'bystanders', 'fans', 'voters', 'shoppers', 'parents', 'locals', 'villagers', 'farmers', 'passengers', 'patients', 'doctors', 'nurses',
  'teachers', 'students', 'protesters', 'demonstrators', 'investors', 'shareholders', 'creditors', 'bondholders', 'donors', 'lenders',
  'regulators', 'lawyers', 'attorneys', 'judges', 'jurors', 'clerks', 'engineers', 'scientists', 'planners', 'strategists',
  'democrats', 'republicans', 'conservatives', 'tories', 'liberals', 'socialists', 'greens', 'nationalists', 'separatists', 'rebels',
  'loyalists', 'hardliners', 'moderates', 'centrists', 'populists', 'independents', 'backbenchers', 'lawmakers', 'deputies',
]);
/** A role: a person when definite ("the minister") or named; anonymous when indefinite ("a minister"). */
const roleHeads = new Set([
  'minister', 'president', 'chancellor', 'secretary-general', 'secretary', 'premier', 'ambassador', 'envoy', 'commander', 'general',
  'chief', 'director', 'director-general', 'chairman', 'chairwoman', 'chair', 'head', 'governor', 'mayor', 'senator', 'congressman',
  'congresswoman', 'king', 'queen', 'pope', 'ceo', 'founder', 'leader', 'prosecutor', 'judge', 'admiral', 'colonel', 'captain',
  'lieutenant', 'major', 'sergeant', 'coordinator', 'commissioner', 'representative', 'deputy', 'attorney', 'speaker', 'diplomat',
  'adviser', 'advisor', 'aide', 'analyst', 'economist', 'researcher', 'professor', 'fellow', 'official', 'officer', 'negotiator',
  'auditor', 'inspector', 'investigator', 'lawmaker', 'legislator', 'mp', 'mep', 'spokesman', 'spokeswoman', 'spokesperson',
  'vice-president', 'vice', 'prime', 'defence', 'defense', 'foreign', 'finance', 'economy', 'interior', 'sen.', 'rep.', 'gen.', 'lt.',
  'col.', 'adm.', 'gov.', 'dr.', 'mr.', 'mrs.', 'ms.', 'prof.', 'capt.', 'maj.', 'sgt.', 'secretary-generals', 'boss', 'manager',
  'executive', 'owner', 'partner', 'member', 'journalist', 'reporter', 'correspondent', 'editor', 'columnist', 'author', 'expert',
  'strategist', 'consultant', 'lawyer', 'spokesman', 'emissary', 'tsar', 'czar', 'marshal', 'brigadier', 'commandant', 'cardinal',
  'bishop', 'patriarch', 'sheikh', 'emir', 'crown', 'prince', 'princess', 'lord', 'lady', 'sir', 'dame', 'baroness', 'chief-of-staff',
  'defendant', 'plaintiff', 'claimant', 'complainant', 'petitioner', 'applicant', 'suspect', 'accused', 'victim', 'candidate', 'incumbent',
  'challenger', 'nominee', 'banker', 'trader', 'doctor', 'surgeon', 'nurse', 'teacher', 'farmer', 'pilot', 'coach', 'whistleblower',
]);
/** Single-word titles that make the rest a role rather than a name (capitalised before a name). */
const titleWords = new Set([...roleHeads].filter((w) => !['defence', 'defense', 'foreign', 'finance', 'economy', 'interior', 'prime', 'vice', 'crown', 'member', 'partner', 'owner', 'author', 'expert'].includes(w)));
const organisationHeads = new Set([
  'ministry', 'government', 'administration', 'department', 'agency', 'office', 'embassy', 'commission', 'council', 'committee', 'army',
  'military', 'alliance', 'bloc', 'institute', 'bank', 'fund', 'parliament', 'court', 'company', 'firm', 'spokesperson', 'spokesman',
  'spokeswoman', 'spokespeople', 'spokespersons', 'authorities', 'authority', 'union', 'kremlin', 'pentagon', 'police', 'regime',
  'cabinet', 'presidency', 'command', 'headquarters', 'secretariat', 'board', 'group', 'organisation', 'organization', 'party',
  'campaign', 'newspaper', 'outlet', 'network', 'broadcaster', 'channel', 'media', 'service', 'services', 'corporation', 'manufacturer',
  'maker', 'producer', 'contractor', 'operator', 'regulator', 'watchdog', 'programme', 'program', 'mission', 'coalition', 'federation',
  'association', 'foundation', 'university', 'think-tank', 'tank', 'centre', 'center', 'bureau', 'staff', 'navy', 'forces', 'force',
  'guard', 'senate', 'congress', 'house', 'assembly', 'state', 'states', 'country', 'countries', 'nation', 'nations', 'side', 'team',
  'airline', 'operator', 'consortium', 'conglomerate', 'giant', 'group’s', 'prosecutors', 'prosecutor’s', 'tribunal', 'judiciary',
  'legislature', 'capital', 'chamber', 'inspectorate', 'directorate', 'treasury', 'exchange', 'registry', 'office’s', 'press',
  'ministries', 'governments', 'agencies', 'companies', 'firms', 'banks', 'institutions', 'institution', 'body', 'bodies',
]);
const organisationSuffixes = new Set([
  'Ministry', 'Department', 'Institute', 'Agency', 'Commission', 'Council', 'Committee', 'Office', 'Bank', 'Fund', 'Organisation',
  'Organization', 'Union', 'Corporation', 'Corp', 'Corp.', 'Inc', 'Inc.', 'Ltd', 'Ltd.', 'Group', 'Company', 'Party', 'Army', 'Forces',
  'Command', 'Service', 'Bureau', 'University', 'Times', 'News', 'Post', 'Journal', 'Press', 'Network', 'House', 'Parliament', 'Senate',
  'Congress', 'Government', 'Administration', 'Assembly', 'Court', 'Foundation', 'Alliance', 'Association', 'Federation', 'Programme',
  'Program', 'Systems', 'Industries', 'Technologies', 'Aerospace', 'Defence', 'Defense', 'Capital', 'Partners', 'Holdings', 'AG', 'SA',
  'GmbH', 'plc', 'PLC', 'LLC', 'Kremlin', 'Pentagon', 'Rada', 'Bundestag', 'Duma', 'Guardian', 'Telegraph', 'Herald', 'Tribune',
  'Gazette', 'Daily', 'Radio', 'TV', 'Television', 'Broadcasting', 'Channel', 'Review', 'Monitor', 'Observer', 'Economist',
  'Reuters', 'Staff', 'Navy', 'Guard', 'Police', 'Secretariat', 'Directorate', 'Tribunal', 'Center', 'Centre', 'Cabinet', 'Presidency',
  'Energy', 'Energies', 'Power', 'Oil', 'Gas', 'Motors', 'Airlines', 'Airways', 'Pharma', 'Pharmaceuticals', 'Steel', 'Mining',
  'Telecom', 'Securities', 'Insurance', 'Logistics', 'Shipping', 'Railways', 'Utilities', 'Electric', 'Chemicals', 'Energia', 'Energie',
  'Embassy', 'Mission', 'Treasury', 'International', 'Force', 'Forces', 'Office', 'Guards', 'Fleet', 'Authority', 'Operator', 'Exchange', 'Coalition', 'Commission', 'Facility', 'Board', 'Authority', 'Inspectorate', 'Agency’s', 'Watch',
]);

const gazetteer = (() => {
  const exact = new Map<string, 'person' | 'organisation'>();
  const anyCase = new Map<string, 'person' | 'organisation'>();
  for (const name of gazetteerNames) {
    if (name.kind === 'blocked') continue;
    const type = name.kind === 'person' ? 'person' : 'organisation';
    exact.set(name.alias, type);
    if (name.anyCase) anyCase.set(name.alias.toLowerCase(), type);
  }
  return { exact, anyCase };
})();

function lookup(name: string): 'person' | 'organisation' | undefined {
  const bare = name.replace(/^(?:the|The)\s+/, '').replace(/[’']s$/, '');
  return gazetteer.exact.get(bare) ?? gazetteer.exact.get(name) ?? gazetteer.anyCase.get(bare.toLowerCase());
}

const anonymity = /\b(?:on (?:the )?condition (?:of|that (?:they|he|she) (?:not be|remain)) (?:anonymity|named|identified)|(?:asked|asking|declined|declining|requested|requesting) not to be (?:named|identified)|requested anonymity|(?:requesting|request(?:ed)?|granted|given) anonymity|not authori[sz]ed to (?:speak|talk|comment)|without being (?:named|identified)|who (?:could|would) not be named|anonymous|unnamed|unidentified)\b/i;

// ---------------------------------------------------------------------------------------------

const toAfter = new Set(['ties', 'links', 'connections', 'access', 'close', 'closest', 'loyal', 'near', 'allied', 'privy', 'adviser', 'advisor', 'ambassador', 'envoy', 'spokesman', 'spokeswoman', 'spokesperson', 'aide', 'aides', 'advisers', 'advisors']);
const objectPronouns = new Set(['him', 'her', 'them', 'us', 'me']);
const indefinitePronouns = new Set(['everyone', 'everybody', 'nobody', 'someone', 'somebody', 'anyone', 'anybody']);
const isCap = (t: Token | undefined): boolean => !!t && /^[\p{Lu}\p{N}]/u.test(t.text);
const isOpenQuote = (t: Token | undefined): boolean => !!t && /^["“‘'«]$/.test(t.text);
const isCloseQuote = (t: Token | undefined): boolean => !!t && /^["”’'»]$/.test(t.text);
const isPunct = (t: Token | undefined): boolean => !!t && !t.word;

interface Phrase {
  readonly from: number;
  /** Exclusive token index. */
  readonly to: number;
}

/** The noun phrase that ends just before token `end` (exclusive), walking left. */
function leftPhrase(tokens: Token[], end: number): Phrase | undefined {
  let i = end - 1;
  let from = end;
  let count = 0;
  let pendingPreposition = -1;
  while (i >= 0 && count < 16) {
    const t = tokens[i];
    if (!t || isPunct(t)) break;
    const right = tokens[i + 1];
    if (from === end && pronouns.has(t.lower)) {
      from = i;
      break;
    }
    if (prepositions.has(t.lower) && from < end) {
      const l = tokens[i - 1]?.lower ?? '';
      if (t.lower === 'to' && !toAfter.has(l) && !anonymousHeads.has(l) && !roleHeads.has(l)) break;
      if (pendingPreposition === -1) pendingPreposition = from;
      i -= 1;
      count += 1;
      continue;
    }
    if (t.lower === 'and' || t.lower === '&') {
      if (from < end && isCap(tokens[i - 1]) && isCap(right)) {
        i -= 1;
        count += 1;
        continue;
      }
      break;
    }
    if (determiners.has(t.lower)) {
      from = i;
      pendingPreposition = -1;
      const before = tokens[i - 1];
      if (before && prepositions.has(before.lower) && tokens[i - 2]?.word && (before.lower !== 'to' || toAfter.has(tokens[i - 2]!.lower) || anonymousHeads.has(tokens[i - 2]!.lower) || roleHeads.has(tokens[i - 2]!.lower))) {
        i -= 1;
        count += 1;
        continue;
      }
      break;
    }
    if (!isCap(t)) {
      if (stopWords.has(t.lower) || (cueForms.has(t.lower) && !documentHeads.has(t.lower) && !nounLike.has(t.lower)) || pronouns.has(t.lower)) break;
      if (/ly$/.test(t.lower) && !['family', 'ally', 'italy', 'assembly', 'supply', 'monopoly'].includes(t.lower)) break;
      if (/(?:ed|ing)$/.test(t.lower) && !participleAdjectives.has(t.lower) && !determiners.has(tokens[i - 1]?.lower ?? '') && !/[’']s$/.test(tokens[i - 1]?.text ?? '')) {
        if (!(right && prepositions.has(right.lower))) break;
      }
    } else if (i === 0 || isPunct(tokens[i - 1])) {
      // A capitalised first word may be a sentence-initial function word.
      if (stopWords.has(t.lower) || temporal.has(t.lower)) break;
    }
    from = i;
    pendingPreposition = -1;
    i -= 1;
    count += 1;
  }
  if (from >= end) return undefined;
  // Trim leading time words and prepositions ("On Tuesday Rutte said").
  while (from < end - 1 && (temporal.has(tokens[from]?.lower ?? '') || /^\d+$/.test(tokens[from]?.text ?? '') || prepositions.has(tokens[from]?.lower ?? ''))) from += 1;
  return { from, to: end };
}

/** The noun phrase that starts at token `start`, walking right. */
function rightPhrase(tokens: Token[], start: number): Phrase | undefined {
  let i = start;
  while (isOpenQuote(tokens[i])) i += 1;
  const first = tokens[i];
  if (!first || isPunct(first)) return undefined;
  if (pronouns.has(first.lower) || objectPronouns.has(first.lower)) return { from: i, to: i + 1 };
  const from = i;
  let to = i;
  let count = 0;
  while (i < tokens.length && count < 16) {
    const t = tokens[i];
    if (!t) break;
    if (isPunct(t)) {
      // "Ukraine.ru" and the like stay whole; quotes around a name are skipped.
      if (isCloseQuote(t) && to === i && to > from) {
        break;
      }
      break;
    }
    const next = tokens[i + 1];
    if (prepositions.has(t.lower) && !(['close', 'familiar', 'privy', 'near'].includes(t.lower) && ['to', 'with'].includes(next?.lower ?? ''))) {
      const connects =
        (t.lower === 'of' && next?.word) ||
        (['from', 'at', 'within', 'inside', 'among', 'across'].includes(t.lower) && next?.word && !temporal.has(next.lower)) ||
        (t.lower === 'in' && (isCap(next) || ['the', 'both'].includes(next?.lower ?? '')) && !temporal.has(next?.lower ?? '')) ||
        (t.lower === 'with' && ['familiar', 'knowledge', 'access', 'ties', 'links', 'close'].includes(tokens[i - 1]?.lower ?? '')) ||
        (t.lower === 'with' && ['knowledge', 'direct', 'detailed', 'first-hand', 'firsthand', 'access', 'ties', 'links', 'insight'].includes(next?.lower ?? '')) ||
        (['to', 'with'].includes(t.lower) && ['close', 'closest', 'familiar', 'loyal', 'near', 'privy', 'ambassador', 'envoy'].includes(tokens[i - 1]?.lower ?? '')) ||
        (t.lower === 'to' && ['access', 'ties', 'links', 'connections', 'insight', 'knowledge', 'adviser', 'advisers', 'aide', 'aides'].includes(tokens[i - 1]?.lower ?? '') && next?.word) ||
        (['on', 'about', 'in'].includes(t.lower) && ['briefed', 'knowledgeable', 'involved', 'informed', 'working'].includes(tokens[i - 1]?.lower ?? '')) ||
        (t.lower === 'by' && /(?:ed|en|wn)$/.test(tokens[i - 1]?.lower ?? '')) ||
        (t.lower === 'for' && isCap(next) && isCap(tokens[i - 1]));
      if (!connects) break;
      i += 1;
      count += 1;
      continue;
    }
    if (determiners.has(t.lower) || t.lower === 'and') {
      if (i === from || (tokens[i - 1] && (prepositions.has(tokens[i - 1]!.lower) || tokens[i - 1]!.lower === 'and'))) {
        i += 1;
        count += 1;
        continue;
      }
      if (t.lower === 'and' && isCap(tokens[i - 1]) && isCap(next)) {
        i += 1;
        count += 1;
        continue;
      }
      break;
    }
    if (objectPronouns.has(t.lower) && ['with', 'to'].includes(tokens[i - 1]?.lower ?? '') && i > from) {
      // "people familiar with them", "an aide close to her"
      to = i + 1;
      break;
    }
    if (!isCap(t)) {
      if (stopWords.has(t.lower) || (cueForms.has(t.lower) && !documentHeads.has(t.lower) && !nounLike.has(t.lower)) || pronouns.has(t.lower) || temporal.has(t.lower)) break;
      if (/ly$/.test(t.lower) && !['family', 'ally'].includes(t.lower)) break;
      if (/(?:ed|ing)$/.test(t.lower) && !participleAdjectives.has(t.lower) && !(next && prepositions.has(next.lower))) break;
      if (/(?:en|wn)$/.test(t.lower) && next?.lower === 'by' && i > from) {
        i += 1;
        count += 1;
        to = i;
        continue;
      }
    } else if (temporal.has(t.lower) && to > from) break;
    i += 1;
    count += 1;
    to = i;
  }
  if (to <= from) return undefined;
  return { from, to };
}

/** What classification may look at beyond the phrase: the sentence, and the article for earlier mentions of a name. */
interface Context {
  readonly sentence: string;
  readonly article: string;
}

interface Classified {
  readonly type: Exclude<SourceType, 'none'>;
  readonly role?: string;
  /** For an apposition naming the person: the phrase that is the source instead. */
  readonly source?: Phrase;
}

/** The core of a phrase: up to its first postmodifier ("sources | close to the administration"). */
function core(tokens: Token[], phrase: Phrase): Phrase {
  for (let i = phrase.from + 1; i < phrase.to; i += 1) {
    const t = tokens[i]!;
    if (prepositions.has(t.lower) && !(isCap(tokens[i - 1]) && isCap(tokens[i + 1]) && ['of', 'for', 'on', 'in'].includes(t.lower) && (organisationSuffixes.has(tokens[i - 1]!.text) || titleWords.has(tokens[i - 1]!.lower) || organisationSuffixes.has(tokens[i + 1]!.text)))) {
      // "Secretary of State", "Ministry of Defence", "Institute for the Study of War" stay whole.
      if (t.lower === 'of' && isCap(tokens[i - 1]) && ['the'].includes(tokens[i + 1]?.lower ?? '') && isCap(tokens[i + 2]) && (organisationSuffixes.has(tokens[i - 1]!.text) || titleWords.has(tokens[i - 1]!.lower))) continue;
      if (t.lower === 'of' && !isCap(tokens[i - 1]) && ['one', 'some', 'many', 'most', 'two', 'three', 'several', 'none', 'each', 'all', 'both'].includes(tokens[i - 1]?.lower ?? '')) {
        // "one of the officials": the head is after "of".
        return core(tokens, { from: i + 1, to: phrase.to });
      }
      const before = tokens[i - 1];
      // A participle with its own complement is a verb: "figures published by …", "a person involved in …".
      if (before && (/ed$/.test(before.lower) || (/(?:en|wn)$/.test(before.lower) && t.lower === 'by')) && i - 1 > phrase.from && !isCap(before)) return { from: phrase.from, to: i - 1 };
      return { from: phrase.from, to: i };
    }
    if (/(?:ed|ing)$/.test(t.lower) && !isCap(t) && !participleAdjectives.has(t.lower) && prepositions.has(tokens[i + 1]?.lower ?? '')) return { from: phrase.from, to: i };
  }
  return phrase;
}

const spanText = (text: string, tokens: Token[], p: Phrase): string => text.slice(tokens[p.from]!.start, tokens[p.to - 1]!.end);

function classify(text: string, tokens: Token[], phrase: Phrase, ctx: Context): Classified | undefined {
  const c = core(tokens, phrase);
  const words = tokens.slice(c.from, c.to).filter((t) => t.word);
  if (words.length === 0 || !words.some((w) => /\p{L}/u.test(w.text))) return undefined;
  const whole = spanText(text, tokens, phrase);
  const coreText = spanText(text, tokens, c);
  const first = words[0]!;
  if (words.length === 1 && (pronouns.has(first.lower) || objectPronouns.has(first.lower))) return { type: 'pronoun' };
  if (words.length === 1 && indefinitePronouns.has(first.lower)) return { type: 'anonymous' };
  const head = words[words.length - 1]!;
  const headLower = head.lower.replace(/[’']s$/, '');
  const anonymous = anonymity.test(ctx.sentence);
  const definite = ['the', 'his', 'her', 'their', 'its', 'our'].includes(first.lower) || words.slice(0, -1).some((w) => /[’']s$/.test(w.text));
  const known = lookup(coreText) ?? lookup(whole);
  if (known) return known === 'person' ? personOf(tokens, c, anonymous) : { type: 'organisation' };
  const capitalisedHead = isCap(head) && !(head === first && c.from === 0 && (anonymousHeads.has(headLower) || documentHeads.has(headLower) || organisationHeads.has(headLower) || roleHeads.has(headLower)));
  if (!capitalisedHead || /^\p{Ll}/u.test(head.text)) {
    if (documentHeads.has(headLower)) return { type: 'document' };
    // A singular of an anonymous group ("a banker", "one trader"): unnamed when indefinite, a role when definite.
    if (!anonymousHeads.has(headLower) && anonymousHeads.has(`${headLower}s`) && !roleHeads.has(headLower)) {
      return anonymous || !definite ? { type: 'anonymous' } : { type: 'person', role: whole.replace(/^(?:the|The)\s+/, '') };
    }
    if (anonymousHeads.has(headLower) && !(roleHeads.has(headLower) && definite && !['official', 'officials', 'diplomat', 'aide', 'adviser', 'advisor', 'analyst', 'source', 'sources'].includes(headLower))) return { type: 'anonymous' };
    if (organisationHeads.has(headLower)) return { type: anonymous ? 'anonymous' : 'organisation' };
    if (roleHeads.has(headLower)) {
      if (anonymous) return { type: 'anonymous' };
      if (definite) return { type: 'person', role: whole.replace(/^(?:the|The)\s+/, '') };
      return { type: 'anonymous' };
    }
    return undefined;
  }
  // A capitalised head: an organisation, a country, or a person's name.
  if (words.some((w, n) => organisationSuffixes.has(w.text) && ['of', 'for'].includes(words[n + 1]?.lower ?? ''))) return { type: 'organisation' };
  if (organisationSuffixes.has(head.text) || organisationSuffixes.has(head.text.replace(/[’']s$/, ''))) return { type: 'organisation' };
  const bare = coreText.replace(/^(?:the|The)\s+/, '');
  if (/^\p{Lu}{2,}[’']?s?$/u.test(head.text.replace(/\.$/, '')) && words.every((w) => /^\p{Lu}/u.test(w.text))) return { type: 'organisation' };
  // "House Democrats", "Senate Republicans", "Democrats on the committee": a group of unnamed
  // people; "The Greens", "the Democrats" alone: the party.
  if (anonymousHeads.has(headLower) && /s$/.test(headLower) && !lookup(head.text)) return { type: words.length === 2 && first.lower === 'the' ? 'organisation' : 'anonymous' };
  if (/\.(?:ru|com|ua|org|net|uk|de|fr)$/i.test(head.text)) return { type: 'organisation' };
  if (/^(?:\p{Lu}\.)+$/u.test(head.text)) return { type: 'organisation' };
  if (lookup(head.text) === 'organisation' || lookup(bare) === 'organisation') return { type: 'organisation' };
  if (words.length <= 3 && lookupCountry(bare)) return { type: 'organisation' };
  // "the grid operator Ukrenergo", "the Kyiv-based company DTEK": a body's noun before the name.
  const before = tokens[c.to - 2];
  if (c.to - c.from >= 2 && before && (!isCap(before) && bodyNouns.has(before.lower) || /-based$/.test(before.lower))) return { type: 'organisation' };
  if (words.length > 1 && /^\p{Lu}{2,}$/u.test(head.text) && !titleWords.has(head.lower) && !isCap(before)) return { type: 'organisation' };
  if (words.length === 1) return { type: singleName(tokens, c, ctx) };
  return personOf(tokens, c, anonymous);
}

/** Nouns for a body that, before or after a name, make it an organisation ("the operator DTEK", "Naftogaz, the state energy company"). */
const bodyNouns = new Set([
  'company', 'companies', 'firm', 'operator', 'group', 'agency', 'regulator', 'utility', 'lender', 'bank', 'insurer', 'producer', 'maker',
  'manufacturer', 'carrier', 'airline', 'giant', 'conglomerate', 'broadcaster', 'outlet', 'newspaper', 'network', 'watchdog', 'office',
  'service', 'supplier', 'exporter', 'importer', 'developer', 'miner', 'retailer', 'trader', 'startup', 'start-up', 'depository',
  'clearinghouse', 'exchange', 'fund', 'monopoly', 'champion', 'subsidiary', 'unit', 'platform', 'provider', 'authority', 'body',
  'institute', 'ministry', 'department', 'charity', 'ngo', 'organisation', 'organization', 'broadcaster', 'daily', 'tabloid', 'paper',
  'agency’s', 'company’s', 'firm’s', 'operator’s', 'consortium', 'holding', 'shipper', 'shipbuilder', 'refiner', 'grid', 'railway',
  'union', 'party', 'bloc', 'coalition', 'alliance', 'court', 'tribunal', 'parliament', 'legislature', 'administration', 'government',
]);
/** Endings and pieces common in the names of companies and agencies and rare in surnames ("Rosstat", "Naftogaz", "Ukrenergo", "Ofgem"). */
const bodyShape = /(?:stat|energo|energ[iy]a?|atom|gaz|gas|prom|neft|naft|bank|com|net|tech|tek|tec|soft|corp|air|tel|telecom|ix|ex|oil|petrol|trol|media|group|rail|post|pol|clear|trans|power|wind|solar|motors|works|labs|soft|ware|ify|mart|link|logic|ergy|bras|mex|sat|star|fin|kom|ag|co|ol)$|^(?:ukr|rus|ros|petro|euro|gaz|energo|naft|of(?=[a-z]{2,4}$)|trans|inter|tele|aero|avia|electro|hydro)/i;
/** Endings common in surnames ("Andersson", "Solberg", "Shevchenko", "Kowalski"). */
const surnameShape = /(?:sson|son|sen|berg|mann|man|stein|ovich|evich|vich|ov|ova|ev|eva|enko|uk|chuk|sky|ski|ska|cki|wicz|ić|ic|escu|idis|opoulos|oglu|yan|ian|ez|es|is|er|ers|ton|ley|well|ford|wood|ini|elli|etti|ano|ato|aki|oto|ura|ata|ma|sk|ck|dt|th|cs|sz|on|en|an|in|ly|ey|i|o|u|qvist|kvist|ström|strom|lund|gren|holm|dahl|feldt|baum|bauer|ek|ak)$/i;

/**
 * A single capitalised word not in the gazetteer ("Euroclear said", "Papperger said"): a person
 * only when something supports it, an organisation on the evidence of its context and shape.
 * Person: the article names it with a first name or a title ("Armin Papperger", "Mr Brandt"),
 * or the sentence refers back with "he", "she", "his", "her". Organisation: "its", or "it" with a
 * verb after the cue ("said it would"); "in a statement", "in a filing", "on its website"; a
 * body's noun in an apposition (", the grid operator,") or speaking again ("the company said");
 * "-based" before it; a company-like shape (internal capitals, digits, "-gaz", "-stat", "Ukr-").
 * First in the sentence, a plural for people ("Medics", "Rescuers") is an unnamed group.
 * With nothing either way, a word with a surname's ending ("-sson", "-berg", "-enko", "-ski",
 * "-er", …) is a person (a surname alone is a named person), any other an organisation.
 */
function singleName(tokens: Token[], c: Phrase, ctx: Context): 'person' | 'organisation' | 'anonymous' {
  const word = tokens[c.to - 1]!.text.replace(/[’']s$/, '');
  if (mentionedAsPerson(ctx.article, word)) return 'person';
  // First in the sentence, a plural of a word for people ("Medics said", "Rescuers said") is
  // capitalised only by its place: an unnamed group.
  if (tokens.slice(0, c.from).every((t) => !t.word) && /^\p{Lu}\p{Ll}+(?:ers|ors|ists|ics|ants|ents|ians|ees|ives|ards)$/u.test(word)) return 'anonymous';
  const after = tokens.slice(c.to).map((t) => t.lower);
  const afterText = ' ' + after.join(' ') + ' ';
  if (/ (?:he|she|his|her|him|himself|herself) /.test(afterText)) return 'person';
  const appositive = tokens[c.to]?.text === ',' ? tokens.slice(c.to + 1, c.to + 12) : [];
  const appositiveEnd = appositive.findIndex((t) => t.text === ',' || !t.word);
  const appositiveWords = (appositiveEnd < 0 ? appositive : appositive.slice(0, appositiveEnd)).map((t) => t.lower.replace(/[’']s$/, ''));
  if (appositiveWords.length > 0 && ['the', 'a', 'an'].includes(appositiveWords[0]!) || /[’']s$/.test(appositive[0]?.text ?? '')) {
    if (appositiveWords.some((w) => bodyNouns.has(w))) return 'organisation';
    if (appositiveWords.some((w) => roleHeads.has(w) || anonymousHeads.has(w))) return 'person';
  }
  // "Naftogaz said it had paid", "Orsted says its profits …": "it" as the subject of what the source says.
  const near = ' ' + after.slice(0, 4).join(' ') + ' ';
  if (/ (?:said|says|added|told|announced|confirmed|reported|stated|warned|expects|expected|noted|estimated) (?:that |on \w+ |in \w+ )?its /.test(near) || / it (?:would|will|had|has|was|is|plans|planned|expects|expected|intends|aims|hopes|could|might|may|did|does) (?!be |been |not be |unclear |likely |too |possible |important |clear |time )/.test(near)) return 'organisation';
  if (/ in (?:a|its|an) (?:written |brief |short |separate |joint |regulatory |stock exchange |stock-exchange |securities )?(?:statement|filing|release|press release|notice|announcement|note to investors|report) | on its (?:website|telegram|channel|site|account) | told (?:investors|shareholders|clients|customers) | the (?:company|agency|firm|operator|group|regulator|utility|lender|bank|insurer|ministry|office|service) (?:said|says|added|told|stated|confirmed|reported) /.test(afterText)) return 'organisation';
  const prev = tokens[c.from - 1];
  if (prev && /-based$/.test(prev.lower)) return 'organisation';
  if (/\p{Ll}\p{Lu}/u.test(word) && !/^(?:Mc|Mac|O’|O'|De|Di|Da|Van|Von|Le|La|Du)\p{Lu}/u.test(word)) return 'organisation';
  if (/\p{N}/u.test(word) || bodyShape.test(word)) return 'organisation';
  if (surnameShape.test(word)) return 'person';
  return surnameShape.test(word) ? 'person' : 'organisation';
}

/** Whether a capitalised word appears in the text as the surname of a longer name ("Mark Rutte" … "Rutte"). */
function mentionedAsPerson(text: string, word: string): boolean {
  const bare = word.replace(/[’']s$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const m of text.matchAll(new RegExp(`(\\p{Lu}[\\p{Ll}'’-]+\\.?)\\s+(?:\\p{Lu}\\.\\s+)?${bare}\\b`, 'gu'))) {
    const first = m[1]!.toLowerCase();
    // A first name or a title; not "The", "Belgian", "Said" or an organisation's word.
    if (titleWords.has(first) || titleWords.has(first.replace(/\.$/, '')) || titleAbbreviations.has(first.replace(/\.$/, ''))) return true;
    if (first.endsWith('.') || stopWords.has(first) || determiners.has(first) || temporal.has(first) || prepositions.has(first) || cueForms.has(first)) continue;
    if (lookup(m[1]!) || bodyNouns.has(first) || organisationHeads.has(first) || organisationSuffixes.has(m[1]!) || /(?:an|ish|ese|ic|i)$/.test(first)) continue;
    return true;
  }
  return false;
}

function lookupCountry(name: string): boolean {
  return lookup(name) === 'organisation' && !/\s/.test(name);
}

function personOf(tokens: Token[], c: Phrase, anonymous: boolean): Classified {
  // The name is the run of capitalised words at the end that are not titles; the role is what comes before it.
  let nameFrom = c.to;
  while (nameFrom > c.from) {
    const t = tokens[nameFrom - 1]!;
    if (!isCap(t) || titleWords.has(t.lower) || organisationSuffixes.has(t.text) || /[’']s$/.test(t.text) || lookup(t.text) === 'organisation') break;
    nameFrom -= 1;
  }
  if (nameFrom === c.to) return { type: anonymous ? 'anonymous' : 'person' };
  // "Gazprom Neft", "Airbus Defence": a body's name after an organisation's is a subsidiary, not a person.
  if (nameFrom === c.to - 1 && nameFrom > c.from && lookup(tokens[nameFrom - 1]!.text) === 'organisation' && bodyShape.test(tokens[nameFrom]!.text)) return { type: 'organisation' };
  const roleTokens = tokens.slice(c.from, nameFrom).filter((t) => !['the', 'a', 'an'].includes(t.lower));
  if (roleTokens.length === 0) return { type: 'person' };
  const role = roleTokens.map((t, i) => (i > 0 && tokens[tokens.indexOf(t) - 1]!.end < t.start ? ' ' : '') + t.text).join('');
  return { type: 'person', role };
}

// ---------------------------------------------------------------------------------------------

interface Candidate {
  readonly rank: number;
  readonly at: number;
  readonly cue: Phrase;
  readonly source: Phrase;
  readonly kind: Classified;
}

const quoteVerbs = new Set(['quoted', 'cited', 'quotes', 'cites', 'quote', 'cite']);
const asSaying = new Set(['saying', 'telling', 'writing', 'warning', 'stating', 'having', 'describing', 'calling', 'claiming', 'arguing', 'insisting', 'confirming', 'estimating', 'predicting', 'acknowledging', 'admitting', 'denying', 'suggesting']);
const beForms = new Set(['is', 'are', 'was', 'were', 'been', 'be', "'s", '’s']);
/** Passives that pass on what unnamed people say: "is understood to", "was reported to", "are believed to". */
const hearsayVerbs = new Set(['understood', 'believed', 'thought', 'said', 'reported', 'rumoured', 'rumored', 'alleged', 'claimed', 'reckoned', 'reputed', 'suspected', 'feared']);

const saying = new Set(['say', 'tell', 'claim', 'report', 'warn', 'add', 'insist', 'argue', 'write', 'allege', 'estimate']);
const kickers = new Set(['analysis', 'background', 'update', 'updated', 'exclusive', 'explainer', 'opinion', 'comment', 'editorial', 'factbox', 'fact box', 'timeline', 'watch', 'breaking', 'breaking news', 'live', 'video', 'photos', 'interview', 'q&a', 'review', 'fact check', 'correction', 'note', 'summary', 'context', 'read more', 'related', 'see also', 'in brief', 'in pictures', 'the big picture', 'why it matters', 'what we know', 'key points', 'what to know', 'quote of the day', 'wrap', 'preview', 'feature', 'profile', 'obituary', 'letters', 'podcast', 'newsletter', 'advertisement', 'sponsored', 'disclaimer', 'warning', 'update 1', 'update 2', 'focus', 'insight', 'special report', 'investigation', 'poll', 'data']);

const notCuesAfterAccording = new Set(['plan', 'plans', 'schedule', 'schedules', 'script', 'expectations', 'tradition', 'custom', 'protocol', 'rules', 'law', 'procedure', 'procedures', 'design', 'need', 'needs', 'form', 'type', 'size', 'rank', 'priority', 'merit', 'instructions', 'standard', 'standards', 'guidelines', 'convention', 'age', 'income']);

export function findAttribution(text: string, sentence: Sentence): Attribution | undefined {
  const tokens = tokenize(sentence.text);
  const st = sentence.text;
  const ctx: Context = { sentence: st, article: text };
  const candidates: Candidate[] = [];
  const add = (rank: number, at: number, cueP: Phrase, source: Phrase | undefined, kind: Classified | undefined): void => {
    if (!source || !kind) return;
    candidates.push({ rank, at, cue: cueP, source: kind.source ?? source, kind });
  };

  for (let i = 0; i < tokens.length; i += 1) {
    const t = tokens[i]!;
    // "according to X"
    if (t.lower === 'according' && tokens[i + 1]?.lower === 'to') {
      const phrase = rightPhrase(tokens, i + 2);
      if (!phrase) continue;
      const words = tokens.slice(phrase.from, phrase.to).map((w) => w.lower);
      if (words.length === 1 && notCuesAfterAccording.has(words[0]!)) continue;
      if (words.length <= 2 && notCuesAfterAccording.has(words[words.length - 1]!) && ['the', 'a', 'its', 'their', 'his', 'her'].includes(words[0]!)) continue;
      add(3, i, { from: i, to: i + 2 }, phrase, classify(st, tokens, phrase, ctx) ?? { type: /^\p{Lu}/u.test(tokens[core(tokens, phrase).to - 1]?.text ?? '') ? 'person' : 'document' });
      continue;
    }
    // "as reported by X", "as X reported"
    if (t.lower === 'as' && ['reported', 'said', 'stated', 'noted', 'told'].includes(tokens[i + 1]?.lower ?? '') && tokens[i + 2]?.lower === 'by') {
      const phrase = rightPhrase(tokens, i + 3);
      add(3, i, { from: i, to: i + 3 }, phrase, phrase && (classify(st, tokens, phrase, ctx) ?? { type: 'organisation' }));
      continue;
    }
    // "in the words of X"
    if (t.lower === 'words' && tokens[i + 1]?.lower === 'of' && tokens[i - 1]?.lower === 'the' && tokens[i - 2]?.lower === 'in') {
      const phrase = rightPhrase(tokens, i + 2);
      add(3, i, { from: i - 2, to: i + 2 }, phrase, phrase && classify(st, tokens, phrase, ctx));
      continue;
    }
    // "…, citing unnamed officials, reported …", "quoting a senior official": the cited source is
    // what the claim rests on, not the outlet that carries it (rank 4: above the outlet's own cue).
    if (t.lower === 'citing' || t.lower === 'quoting') {
      const phrase = rightPhrase(tokens, i + 1);
      const kind = phrase && classify(st, tokens, phrase, ctx);
      if (kind && kind.type !== 'pronoun') add(4, i, { from: i, to: i + 1 }, phrase, kind);
      continue;
    }
    // "Politico quoted an unnamed official as saying …", "Le Monde cited a source as saying …":
    // the quoted one is the source. "X was quoted (by Y) as saying …": X is.
    if (quoteVerbs.has(t.lower) && !isCap(t)) {
      const asAt = tokens.findIndex((x, n) => n > i && n <= i + 18 && x.lower === 'as' && asSaying.has(tokens[n + 1]?.lower ?? ''));
      if (asAt > 0) {
        const be = tokens[i - 1] && beForms.has(tokens[i - 1]!.lower) ? i - 1 : tokens[i - 2] && beForms.has(tokens[i - 2]!.lower) && adverbs.has(tokens[i - 1]!.lower) ? i - 2 : -1;
        if (be >= 0) {
          const subject = leftPhrase(tokens, be);
          const kind = subject && classify(st, tokens, subject, ctx);
          const cueTo = asAt === i + 1 ? asAt + 2 : i + 1;
          if (subject && kind) add(4, i, { from: be, to: cueTo }, subject, kind);
        } else {
          const phrase = rightPhrase(tokens, i + 1);
          const quoted = phrase && phrase.to <= asAt ? { from: phrase.from, to: asAt } : undefined;
          const kind = quoted && classify(st, tokens, quoted, ctx);
          if (quoted && kind) add(4, i, { from: i, to: i + 1 }, quoted, kind);
        }
        continue;
      }
      // "According to Bloomberg, which cited people with knowledge of the talks, …"
      if (['which', 'who'].includes(tokens[i - 1]?.lower ?? '') && /^(?:quoted|cited)$/.test(t.lower)) {
        const phrase = rightPhrase(tokens, i + 1);
        const kind = phrase && classify(st, tokens, phrase, ctx);
        if (phrase && kind && kind.type !== 'pronoun') add(4, i, { from: i, to: i + 1 }, phrase, kind);
        continue;
      }
    }
    // "The Telegraph understands that …", "Sky News has learned that …": an outlet passing on
    // what unnamed people told it. The outlet is the span; the claim rests on unnamed sources.
    if (['understands', 'learned', 'learnt'].includes(t.lower) && (tokens[i + 1]?.lower === 'that' || ['has', 'have'].includes(tokens[i - 1]?.lower ?? '') && (tokens[i + 1]?.lower === 'the' || isCap(tokens[i + 1])))) {
      let end = i;
      while (end > 0 && adverbs.has(tokens[end - 1]!.lower)) end -= 1;
      const subject = leftPhrase(tokens, end);
      const kind = subject && classify(st, tokens, subject, ctx);
      if (subject && kind?.type === 'organisation') add(2, i, { from: end, to: i + 1 }, subject, { type: 'anonymous' });
      continue;
    }
    // "as one EU diplomat put it", "…, as the minister has put it": the speaker is the source.
    if ((t.lower === 'put' || t.lower === 'puts') && tokens[i + 1]?.lower === 'it') {
      let end = i;
      while (end > 0 && adverbs.has(tokens[end - 1]!.lower)) end -= 1;
      const phrase = leftPhrase(tokens, end);
      const closing = !tokens[i + 2]?.word;
      if (phrase && (tokens[phrase.from - 1]?.lower === 'as' || closing)) {
        const kind = classify(st, tokens, phrase, ctx);
        if (kind) add(3, i, { from: i, to: i + 2 }, phrase, kind);
      }
      continue;
    }
    const form = cueForms.get(t.lower);
    if (!form) continue;
    if (isCap(t) && i > 0) continue;
    const verb = verbCandidate(st, tokens, i, form, ctx);
    if (verb) candidates.push(verb);
  }

  // "X: …" at the start of a sentence.
  const colon = tokens.findIndex((t) => t.text === ':');
  // "16:40" is a time, not a speaker's colon.
  const clock = /^\d+$/.test(tokens[colon - 1]?.text ?? '') && /^\d/.test(tokens[colon + 1]?.text ?? '') && tokens[colon + 1]!.start === tokens[colon]!.end;
  if (colon > 0 && colon <= 6 && !clock) {
    const phrase = leftPhrase(tokens, colon);
    if (phrase && phrase.from === 0) {
      const kind = classify(st, tokens, phrase, ctx);
      const quoted = isOpenQuote(tokens[colon + 1]);
      const prefix = tokens.slice(0, colon);
      const rest = tokens.slice(colon + 1).filter((w) => w.word);
      // Unquoted, "X: claim" is a headline; a kicker ("Analysis:", "Exclusive:") or a heading is not a source.
      const headline =
        !determiners.has(prefix[0]?.lower ?? '') &&
        !kickers.has(prefix.map((w) => w.text).join(' ').toLowerCase()) &&
        rest.length >= 3 &&
        rest.some((w) => /^\p{Ll}/u.test(w.text) && !prepositions.has(w.lower) && !determiners.has(w.lower) && w.lower !== 'and');
      if (kind && kind.type !== 'pronoun' && (quoted || headline)) add(2, colon, { from: colon, to: colon + 1 }, phrase, kind);
    }
  }

  // "X is understood to have told …", "the governor is said to have approved …", "the company
  // was reported to have missed …": hearsay from people the article does not name, so anonymous
  // (X is what the claim is about, not who vouches for it); the source and the cue are the
  // hedge's words ("is understood to"). With an agent ("is said by aides to"), the agent (below).
  for (let i = 1; i < tokens.length; i += 1) {
    if (!hearsayVerbs.has(tokens[i]!.lower)) continue;
    let be = i - 1;
    while (be > 0 && adverbs.has(tokens[be]!.lower) && !beForms.has(tokens[be]!.lower)) be -= 1;
    if (!beForms.has(tokens[be]!.lower) || tokens[be]!.lower === 'be' && modals.has(tokens[be - 1]?.lower ?? '')) continue;
    if (tokens[be - 1]?.lower === 'it' || /^it$/i.test(tokens[be - 1]?.text ?? '')) continue;
    // With an agent ("is said by aides to"), the passive rule of verbCandidate takes the agent.
    const j = i + 1;
    if (tokens[j]?.lower !== 'to' || !tokens[j + 1]?.word || /^\p{Lu}/u.test(tokens[j + 1]!.text)) continue;
    const hedge: Phrase = { from: be, to: j + 1 };
    add(1, i, hedge, hedge, { type: 'anonymous' });
  }

  if (candidates.length === 0) {
    // Unnamed reports.
    const weak = /\b(?:it is (?:understood|believed|thought|said)|it was (?:reported|understood|believed)|it has been (?:reported|learned|learnt)|it emerged|speaking on condition of anonymity)\b/i.exec(st);
    if (weak) {
      const from = tokens.findIndex((x) => x.start >= weak.index);
      let to = from;
      while (to < tokens.length && tokens[to]!.end <= weak.index + weak[0].length) to += 1;
      if (from >= 0 && to > from) add(1, from, { from, to }, { from, to }, { type: 'anonymous' });
    }
  }

  if (candidates.length === 0) return undefined;
  candidates.sort((a, b) => b.rank - a.rank || a.at - b.at);
  const best = candidates[0]!;
  const at = sentence.start;
  const span = (p: Phrase): Span => {
    const start = tokens[p.from]!.start;
    const end = tokens[p.to - 1]!.end;
    return { start: at + start, end: at + end, text: text.slice(at + start, at + end) };
  };
  const source = trimSpan(span(best.source));
  const role = best.kind.role;
  return { source, cue: span(best.cue), type: best.kind.type, ...(role ? { role } : {}) };
}

/** Drops quotes and trailing possessive punctuation around a source ("‘Ukraine.ru,’"). */
function trimSpan(s: Span): Span {
  let start = 0;
  let end = s.text.length;
  while (start < end && /["“”‘’'«»,]/.test(s.text[start] ?? '')) start += 1;
  while (end > start && /["“”‘’'«»,]/.test(s.text[end - 1] ?? '')) end -= 1;
  return { start: s.start + start, end: s.start + end, text: s.text.slice(start, end) };
}

function verbCandidate(st: string, tokens: Token[], i: number, form: { lemma: string; strong: boolean }, ctx: Context): Candidate | undefined {
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  const next = tokens[i + 1];
  // "put" and "place" report only an estimate: "A leaked memo puts the figure at 1,200", "the ministry places the damage at $5bn".
  if (form.lemma === 'put' || form.lemma === 'place') {
    const at = tokens.findIndex((x, n) => n > i + 1 && n <= i + 8 && x.lower === 'at');
    if (at < 0 || !tokens[at + 1] || !/^(?:[\p{N}$€£¥]|about$|around$|roughly$|nearly$|almost$|more$|less$|least$|over$|under$|between$|up$|close$|one$|two$|three$|four$|five$|six$|seven$|eight$|nine$|ten$|several$|hundreds$|thousands$|millions$|billions$|tens$|dozens$)/iu.test(tokens[at + 1]!.text)) return undefined;
    if (tokens.slice(i + 1, at).some((x) => !x.word || stopWords.has(x.lower))) return undefined;
  }
  // "Preliminary results give the ruling party 41 percent": a document's figure.
  if (form.lemma === 'give') {
    const subject = leftPhrase(tokens, i);
    if (!subject || classify(st, tokens, subject, ctx)?.type !== 'document') return undefined;
    if (!tokens.slice(i + 1, i + 8).some((x) => /^[\p{N}$€£¥]/u.test(x.text))) return undefined;
    return { rank: 2, at: i, cue: { from: i, to: i + 1 }, source: subject, kind: { type: 'document' } };
  }
  // Nouns: "Budget documents reviewed by the Post indicate …".
  if (nounLike.has(t.lower) && /(?:ed|en|wn)$/.test(next?.lower ?? '') && ['by', 'on', 'in', 'to'].includes(tokens[i + 2]?.lower ?? '')) return undefined;
  // Adjectives: "the reported deal", "Trump's stated ambition", "the said contract".
  if (prev && ['the', 'a', 'an', 'this', 'its', 'his', 'her', 'their', 'our', 'these', 'those', 'every', 'each', 'such'].includes(prev.lower)) return undefined;
  if (prev && /[’']s$/.test(prev.text) && nounLike.has(t.lower)) return undefined;
  if (prev && /[’']s$/.test(prev.text) && next?.word && /^\p{Ll}/u.test(next.text) && !stopWords.has(next.lower) && !pronouns.has(next.lower) && !determiners.has(next.lower)) return undefined;
  // Nouns: "12 reports", "The GAO report found".
  if ((nounLike.has(t.lower) || documentHeads.has(t.lower)) && (/^\p{N}/u.test(prev?.text ?? '') || (next && cueForms.has(next.lower) && !nounLike.has(next.lower)))) return undefined;
  // Nouns: "media reports", "his claims".
  if (nounLike.has(t.lower) && !(next === undefined || ['that', ','].includes(next.lower) || next.text === '.' || isOpenQuote(next))) {
    const subject = leftPhrase(tokens, i);
    if (!subject || !['pronoun', 'document', 'organisation', 'person', 'anonymous'].includes(classify(st, tokens, subject, ctx)?.type ?? '')) return undefined;
  }
  // Hypothetical or negated: "would say", "declined to comment", "has not confirmed", "has yet to confirm".
  if (['believe', 'expect', 'fear', 'think', 'assess', 'reckon'].includes(form.lemma)) {
    const subject = leftPhrase(tokens, i);
    const kind = subject && classify(st, tokens, subject, ctx);
    if (!subject || !kind || kind.type === 'pronoun' || subject.from !== 0 && !['anonymous', 'document', 'organisation'].includes(kind.type)) return undefined;
  }
  let k = i - 1;
  while (k >= 0 && adverbs.has(tokens[k]!.lower) && !['would'].includes(tokens[k]!.lower)) k -= 1;
  const before = tokens[k];
  if (before && (modals.has(before.lower) || negations.has(before.lower) || before.lower.endsWith("n't") || before.lower.endsWith('n’t'))) {
    if (!(before.lower === 'to' && tokens[k - 1]?.lower === 'according')) return undefined;
  }
  if (tokens.slice(Math.max(0, i - 3), i).some((x) => negations.has(x.lower) || /n[’']t$/.test(x.lower))) return undefined;
  // A gerund only as "…, saying/arguing that …" (the subject of the main clause speaks).
  const cueP: Phrase = { from: i, to: i + 1 };

  // Passive: "was confirmed by X"; without an agent it names no one.
  if (before && be.has(before.lower) && /(?:ed|en|id|wn|ld)$/.test(t.lower)) {
    let j = i + 1;
    while (adverbs.has(tokens[j]?.lower ?? '') || /ly$/.test(tokens[j]?.lower ?? '')) j += 1;
    if (tokens[j]?.lower !== 'by' && tokens[j]?.lower !== 'through') return undefined;
    let agent = rightPhrase(tokens, j + 1);
    let kind = agent && classify(st, tokens, agent, ctx);
    if (agent && !kind) {
      // "revealed through exclusive insights from sources close to the administration"
      const from = tokens.findIndex((x, n) => n >= agent!.from && n < agent!.to && x.lower === 'from');
      const inner = from > 0 ? rightPhrase(tokens, from + 1) : undefined;
      const innerKind = inner && classify(st, tokens, inner, ctx);
      if (inner && innerKind) [agent, kind] = [inner, innerKind];
    }
    if (!agent || !kind) return undefined;
    return { rank: 2, at: i, cue: { from: i, to: j + 1 }, source: agent, kind };
  }

  const quoteBefore = isCloseQuote(prev) || (prev?.text === ',' && isCloseQuote(tokens[i - 2])) || (isPunct(prev) && isCloseQuote(tokens[i - 2]));
  // Inversion: "…,” said X", "…, said X, who …", "…, says Anna Kowalczyk, a defence analyst".
  if ((quoteBefore || prev?.text === ',') && next && !['that', 'in', 'on', 'to', 'it', 'so'].includes(next.lower)) {
    const bareComma = prev?.text === ',' && !quoteBefore;
    const agent = rightPhrase(tokens, i + 1);
    const closes = agent && (agent.to >= tokens.length || ['.', ',', ';', '—', '–', '(', '!', '?'].includes(tokens[agent.to]!.text) || ['who', 'in', 'on', 'at', 'to', 'of', 'after', 'before', 'during', 'when', 'while', 'adding', 'citing'].includes(tokens[agent.to]!.lower));
    if (agent && (!bareComma || closes)) {
      const kind = agent && classify(st, tokens, agent, ctx);
      if (agent && kind && (form.strong || kind.type !== 'person')) {
        const appo = apposition(st, tokens, agent.to);
        const role = kind.type === 'person' && !kind.role && appo ? appo : kind.role;
        return { rank: 2, at: i, cue: cueP, source: agent, kind: { ...kind, ...(role ? { role } : {}) } };
      }
    }
  }

  // Participle: "…, arguing that …": the subject of the sentence speaks.
  if (/ing$/.test(t.lower)) return undefined;

  // A verb whose bare object is an act needs a clause: "announced that …", not "announced a package".
  if (needClause.has(form.lemma) && !complementVerbs.has(form.lemma)) {
    let j = i + 1;
    while (tokens[j] && (adverbs.has(tokens[j]!.lower) || /ly$/.test(tokens[j]!.lower))) j += 1;
    // "confirmed in an interview that", "said in a statement that"
    if (tokens[j]?.lower === 'in' || tokens[j]?.lower === 'on' || tokens[j]?.lower === 'to') {
      const thatAt = tokens.findIndex((x, n) => n > j && n < j + 8 && x.lower === 'that');
      if (thatAt > 0) j = thatAt;
    }
    const after = tokens[j];
    const subjectFirst = leftPhrase(tokens, i);
    const documentSubject = subjectFirst && classify(st, tokens, subjectFirst, ctx)?.type === 'document';
    const clause = documentSubject || !after || after.lower === 'that' || after.text === ',' || after.text === '.' || after.text === ':' || isOpenQuote(after) || after.lower === 'it' && tokens[j + 1]?.lower === 'was';
    if (!clause) return undefined;
  }

  // Subject before the verb (skip adverbs and auxiliaries).
  let end = i;
  while (end > 0 && adverbs.has(tokens[end - 1]!.lower)) end -= 1;
  let subject: Phrase | undefined;
  let role: string | undefined;
  let appositionPhrase: Phrase | undefined;
  const beforeSubject = tokens[end - 1];
  if (beforeSubject && ['who', 'which', 'that'].includes(beforeSubject.lower)) {
    let e = end - 1;
    if (tokens[e - 1]?.text === ',') e -= 1;
    subject = leftPhrase(tokens, e);
  } else if (beforeSubject && (beforeSubject.text === ',' || beforeSubject.text === '—' || beforeSubject.text === '–')) {
    // "X, who heads …, said", "X, speaking on condition of anonymity, described", "X, the IMF's managing director, said".
    let open = end - 2;
    // The comma of a date ("aired on July 15, 2025,") does not open the chunk.
    const dateComma = (n: number) => tokens[n]!.text === ',' && /^\d{1,2}$/.test(tokens[n - 1]?.text ?? '') && /^\d{4}$/.test(tokens[n + 1]?.text ?? '');
    while (open >= 0 && (!['—', '–', ',', '(', ';'].includes(tokens[open]!.text) || dateComma(open))) open -= 1;
    if (open > 0 && end - 1 - open <= 22) {
      const chunk: Phrase = { from: open + 1, to: end - 1 };
      const head = leftPhrase(tokens, open);
      if (head) {
        subject = head;
        const chunkWords = tokens.slice(chunk.from, chunk.to);
        const firstChunk = chunkWords[0]?.lower ?? '';
        if (chunkWords.length > 0 && chunkWords.every((w) => isCap(w) || !w.word) && !lookup(spanText(st, tokens, chunk))) {
          // "The IMF's managing director, Kristalina Georgieva, said": the name in the apposition is the source.
          const headKind = classify(st, tokens, head, ctx);
          if (headKind && headKind.type !== 'pronoun' && headKind.type !== 'document' && !isCap(tokens[core(tokens, head).to - 1])) {
            appositionPhrase = chunk;
            role = spanText(st, tokens, head).replace(/^(?:the|The)\s+/, '');
          }
        } else if (['the', 'a', 'an'].includes(firstChunk) || /[’']s$/.test(chunkWords[0]?.text ?? '') || isCap(chunkWords[0])) {
          role = spanText(st, tokens, chunk).replace(/^(?:the|The|a|an)\s+/, '');
        }
      }
    }
    // "Half of that, Shmyhal said, …" is a plain subject; the chunk rule above needs a phrase before the comma.
  } else {
    subject = leftPhrase(tokens, end);
  }
  if (appositionPhrase) {
    return { rank: 2, at: i, cue: cueP, source: appositionPhrase, kind: { type: 'person', ...(role ? { role } : {}) } };
  }
  let kind = subject && classify(st, tokens, subject, ctx);
  if (!kind) {
    // "A diplomat who attended the meeting said", "officials who asked not to be identified said".
    let w = end - 1;
    while (w > 0 && tokens[w]!.word && !['who', 'that'].includes(tokens[w]!.lower)) w -= 1;
    const antecedent = w > 0 && tokens[w]!.word ? leftPhrase(tokens, w) : undefined;
    const antecedentKind = antecedent && classify(st, tokens, antecedent, ctx);
    if (!antecedent || !antecedentKind || antecedentKind.type === 'pronoun') {
      // "Russian bloggers claimed", "Those present said": a plain group of people.
      const words = subject ? tokens.slice(subject.from, subject.to) : [];
      const head = words[words.length - 1];
      if (subject && head && saying.has(form.lemma) && words.length <= 4 && words.every((w) => w.word) && !isCap(head) && /s$|^present$/.test(head.lower) && !/ing$/.test(head.lower)) {
        kind = { type: 'anonymous' };
      } else return undefined;
    } else {
    subject = { from: antecedent.from, to: end };
    kind = antecedentKind;
    }
  }
  if (!subject) return undefined;
  if (!form.strong && kind.type === 'pronoun' && tokens[subject.from]?.lower === 'it') return undefined;
  const withRole = kind.type === 'person' && !kind.role && role && !/^(?:who|which|speaking|in|on|at)\b/i.test(role) ? { ...kind, role } : kind;
  return { rank: 2, at: i, cue: cueP, source: subject, kind: withRole };
}

/** ", a defence analyst in Warsaw," after a name: the role it gives. */
function apposition(st: string, tokens: Token[], at: number): string | undefined {
  if (tokens[at]?.text !== ',') return undefined;
  const first = tokens[at + 1];
  if (!first || !['the', 'a', 'an'].includes(first.lower) && !/[’']s$/.test(first.text)) return undefined;
  let end = at + 1;
  while (end < tokens.length && tokens[end]!.word) end += 1;
  if (end <= at + 2) return undefined;
  return spanText(st, tokens, { from: at + 1, to: end }).replace(/^(?:the|a|an)\s+/i, '');
}
