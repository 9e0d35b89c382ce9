/** The live region's sentence for a step: the event log's words, in English and Korean, a few events and a count of the rest. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../engine/scenario';
import { runScenario } from '../../engine/testing';
import { createI18n } from '../../i18n/bundled';
import { explain } from '../../i18n/explain';
import { eventsToSay, narrateStep, SAID_PER_STEP } from './narrate';

const scenario = JSON.parse(readFileSync(fileURLToPath(new URL('../../scenarios/alo-lost-ack.json', import.meta.url)), 'utf8')) as ScenarioInput;
const { timeline } = runScenario(scenario);
const steps = timeline.steps;
const last = steps.length - 1;

describe('narrateStep', () => {
  it('says the step, of how many, and what the broker did, in the event log\'s words', () => {
    const en = createI18n('en');
    const step = steps.find((s) => s.events.some((e) => e.type === 'broker.appended'))!;
    const text = narrateStep(en, step, last, 1, []);
    expect(text).toMatch(new RegExp(`^Step ${step.index} of ${last}: `));
    expect(text).toContain(explain(en, step.events.find((e) => e.type === 'broker.appended')!));
    expect(text).toMatch(/the broker appends m\d at offset \d/);
  });

  it('in Korean', () => {
    const ko = createI18n('ko');
    const step = steps.find((s) => s.events.some((e) => e.type === 'broker.appended'))!;
    const text = narrateStep(ko, step, last, 1, []);
    expect(text).toMatch(new RegExp(`^${last}단계 중 ${step.index}단계: `));
    expect(text).toMatch(/[\uAC00-\uD7A3]{2,}/);
    expect(text).not.toMatch(/\bthe broker\b/);
  });

  it('leaves out arrivals, puts what nodes did before what the wire did, and counts what it does not read', () => {
    const en = createI18n('en');
    for (const step of steps) {
      const said = eventsToSay(step);
      expect(said.some((e) => e.type === 'net.delivered')).toBe(false);
      if (said.some((e) => e.type !== 'net.sent')) expect(said.every((e) => e.type !== 'net.sent')).toBe(true);
      const text = narrateStep(en, step, last, 1, []);
      if (said.length > SAID_PER_STEP) expect(text).toContain(`and ${said.length - SAID_PER_STEP} more event`);
      if (said.length === 0) expect(text).toContain('nothing happens');
    }
    expect(narrateStep(en, steps[last]!, last, 1, [])).toMatch(/the run has ended$/);
  });
});
