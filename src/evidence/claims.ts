/**
 * What a sentence claims happened or will happen, by rule: each kind is a list of word
 * patterns, some with an exception ("delivered a speech" is no delivery, "buy time" no
 * payment, "signs of" no decision). A sentence of background or colour matches none.
 *
 * - commitment: pledge, promise, commit, vow to, agree to provide/send/fund, will send/provide/
 *   supply/fund, allocate, earmark, prepared to provide, and from the receiving side will get/receive;
 * - delivery: deliver(y), ship(ment), arrive, hand over, supply/send/transfer/provide when the
 *   sentence is about weapons, equipment or aid;
 * - payment: pay, fund, finance, disburse, purchase, buy, reimburse, financial backing;
 * - amount: a money amount, or a percentage when the sentence is about aid, spending, budgets,
 *   funds or GDP;
 * - decision: approve, decide, decision, sign (a deal), authorise, halt, suspend, freeze,
 *   cancel, veto, vote to, withdraw, cut off, reject;
 * - event: meeting, met, call (by phone, or someone), visit, summit, talks, interview,
 *   conference, negotiations.
 */
import type { Amount, ClaimKind, DateMention, Entity, Sentence } from './types.js';

const rules: Record<ClaimKind, readonly RegExp[]> = {
  commitment: [
    /\b(?:pledg(?:e|es|ed|ing)|promis(?:e|es|ed|ing)|commit(?:s|ted|ting|ment|ments)?|earmark(?:s|ed|ing)?|allocat(?:e|es|ed|ing|ion))\b/i,
    /\bvow(?:s|ed)? to\b/i,
    /\bagree(?:s|d)? to (?:provide|send|supply|give|fund|finance|deliver|pay|buy|donate|contribute)\b/i,
    /\b(?:will|would|to) (?:send|provide|supply|give|fund|finance|deliver|donate|contribute)\b/i,
    /\b(?:prepared|ready|willing|set) to (?:provide|send|supply|give|fund|finance|pay|deliver|support|contribute)\b/i,
    /\boffer(?:s|ed)? to (?:provide|send|supply|pay|fund)\b/i,
    // Told from the receiving side: "Ukraine will get NOK 1.2 billion from Norway".
    /\b(?:will|would|is to|are to|(?:is|are) set to|(?:is|are) due to) (?:get|receive)\b/i,
  ],
  delivery: [
    /\b(?:deliver(?:s|ed|ing|y|ies)?|ship(?:s|ped|ping|ment|ments)|arriv(?:e|es|ed|ing|al)|hand(?:s|ed|ing)? over|handover)\b(?! (?:a|an|the|his|her|its) (?:speech|address|message|warning|blow|verdict|remarks|lecture|sermon|ultimatum|rebuke))/i,
    /\b(?:suppl(?:y|ies|ied|ying)|sen(?:d|ds|t|ding)|transfer(?:s|red|ring)?|provid(?:e|es|ed|ing)|donat(?:e|es|ed|ing))\b(?=.*\b(?:weapons?|arms|ammunition|munitions|missiles?|shells?|tanks?|equipment|aid|systems?|jets?|aircraft|drones?|air defen[cs]e|batter(?:y|ies)|rockets?|launchers?|vehicles?|supplies|assets|troops|howitzers?|artillery|guns?|helicopters?|ships?|boats?|radars?|interceptors?|grenades?|rifles?|mines?|fuel|generators?|ambulances?|trucks?|F-16s?|Patriots?|HIMARS|ATACMS|Leopards?|Abrams|Bradleys?)\b)/i,
  ],
  payment: [
    /\b(?:pa(?:y|ys|id|ying)|payments?|fund(?:s|ed|ing)?|financ(?:e|es|ed|ing)|disburs(?:e|es|ed|ing|ement|ements)|purchas(?:e|es|ed|ing)|b(?:uy|uys|ought|uying)|reimburs(?:e|es|ed|ing|ement)|tranche)\b(?! (?:attention|tribute|homage|lip service|a visit|the price|time|goodwill|into))/i,
    /\bfinancial (?:backing|support|assistance|aid)\b/i,
  ],
  amount: [],
  decision: [
    /\b(?:approv(?:e|es|ed|ing|al)|decid(?:e|es|ed|ing)|decisions?|authori[sz](?:e|es|ed|ing|ation)|halt(?:s|ed|ing)?|suspen(?:d|ds|ded|ding|sion)|freez(?:e|es|ing)|froze|frozen|cancel(?:s|led|ed|ling|ling|lation)?|veto(?:es|ed)?|withdr(?:aw|aws|awn|ew|awal)|reject(?:s|ed|ing)?|sanction(?:s|ed)?|cut off|cut(?:s|ting)? (?:aid|funding|support))\b/i,
    /\bsign(?:ed|ing)?\b(?! of\b)(?=\s+(?:a|an|the|off|into|up|its|their|his|her|on|an?\s+\w+))/i,
    /\bvot(?:e|es|ed|ing) (?:to|for|against|on)\b/i,
  ],
  event: [
    /\b(?:meetings?|met with|met in|met on|met at|summits?|talks|interviews?|conferences?|negotiations|visit(?:s|ed|ing)?|phone call|telephone call|video call|call with|phoned|spoke by (?:phone|telephone))\b/i,
    /\bcall(?:ed|s|ing)?\b(?! (?:for|on|off|upon|it|a|an|the)\b) (?:him|her|them|[A-Z][a-z]+)\b/,
  ],
};

const aboutMoney = /\b(?:aid|spending|spend|budgets?|funds?|funding|GDP|gross domestic product|defen[cs]e|military|contributions?|financ\w*|assistance|support|package|loans?|grants?|payments?|costs?|price|purchases?|disbursements?|tranche|donations?)\b/i;

export interface ClaimContext {
  readonly amounts: readonly Amount[];
  readonly entities: readonly Entity[];
  readonly dates: readonly DateMention[];
}

export function findClaims(sentence: Sentence | string, context: ClaimContext): ClaimKind[] {
  const text = typeof sentence === 'string' ? sentence : sentence.text;
  const kinds: ClaimKind[] = [];
  for (const kind of Object.keys(rules) as ClaimKind[]) {
    if (kind === 'amount') {
      const money = context.amounts.some((a) => a.kind === 'money');
      const share = context.amounts.some((a) => a.kind === 'percent' && (a.of !== undefined || aboutMoney.test(text)));
      if (money || share) kinds.push('amount');
      continue;
    }
    if (rules[kind].some((rule) => rule.test(text))) kinds.push(kind);
  }
  return kinds;
}
