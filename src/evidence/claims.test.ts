import { describe, expect, it } from 'vitest';
import { findClaims } from './claims.js';
import type { Amount } from './types.js';

const none = { amounts: [], entities: [], dates: [] };
const money: Amount = { kind: 'money', span: { start: 0, end: 5, text: '€1.2bn' }, value: '1200000000', currency: 'EUR' };
const percent = (of?: string): Amount => ({ kind: 'percent', span: { start: 0, end: 2, text: '5%' }, value: '5', ...(of ? { of } : {}) });

describe('findClaims', () => {
  it.each([
    ['Germany pledged two more Patriot systems for Ukraine.', ['commitment']],
    ['The Netherlands will send 18 howitzers.', ['commitment', 'delivery']],
    ['The first HIMARS launchers arrived in Ukraine on Monday.', ['delivery']],
    ['The shells were handed over at the Polish border.', ['delivery']],
    ['Denmark paid for the first batch of missiles.', ['payment']],
    ['Norway will finance the purchase of drones.', ['commitment', 'payment']],
    ['Congress approved the package after a long debate.', ['decision']],
    ['Washington decided to halt the shipments.', ['delivery', 'decision']],
    ['The two leaders met in Brussels for talks on Tuesday.', ['event']],
    ['Trump called Rutte on July 10.', ['event']],
    ['The ministers signed a memorandum on joint production.', ['decision']],
    ['Ukraine will receive the first interceptors from Norway.', ['commitment']],
    ['Moldova is set to get budget support from the EU.', ['commitment']],
    ['Ukraine got a warm welcome in Brussels.', []],
  ])('%s', (sentence, kinds) => {
    expect(findClaims(sentence, none)).toEqual(kinds);
  });

  it('finds an amount when the sentence has money, or a percentage about aid or spending', () => {
    expect(findClaims('Italy gave €1.2bn.', { ...none, amounts: [money] })).toEqual(['amount']);
    expect(findClaims('Allies agreed to reach 5% of GDP.', { ...none, amounts: [percent('GDP')] })).toContain('amount');
    expect(findClaims('Only 12% of the funds were misused.', { ...none, amounts: [percent()] })).toContain('amount');
    expect(findClaims('Turnout was 5% higher than in 2019.', { ...none, amounts: [percent()] })).toEqual([]);
  });

  it.each([
    'Behind the scenes, however, the administration has faced its share of challenges.',
    'NATO Secretary General Mark Rutte delivered a speech in Brussels that sent ripples through Europe.',
    'For NATO, it signals a renewed sense of purpose in an era of global uncertainty.',
    'The stakes could not be higher, and the world watches closely.',
    'He paid tribute to the soldiers and asked for patience.',
    'There were signs of fatigue among the allies.',
  ])('background gets no claims: %s', (sentence) => {
    expect(findClaims(sentence, none)).toEqual([]);
  });
});
