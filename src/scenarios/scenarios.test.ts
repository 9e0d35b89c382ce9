/**
 * Every scenario file, run headless through the engine, has the outcome it expects (e2e/scenarios.spec.ts
 * checks the same expectation on the page), and its lesson resolves against its run.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ledgerOf, parseScenarioText, resolveLesson, Timeline } from '../engine';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('scenario files', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s', (file) => {
    const parsed = parseScenarioText(readFileSync(`${dir}/${file}`, 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const { scenario, run } = parsed;
    expect(scenario.id).toBe(file.replace(/\.json$/, ''));
    expect(scenario.expect, 'every scenario states its expected outcome').toBeDefined();
    const timeline = Timeline.start(run).runToEnd();
    const { summary } = ledgerOf(run, timeline.steps);
    expect(summary.end).toBe('quiescent');
    expect(summary).toMatchObject(scenario.expect!);
    expect(scenario.lesson, 'every scenario is a narrated lesson').toBeDefined();
    const lesson = resolveLesson(scenario.lesson!, timeline.steps);
    if (!lesson.ok) throw new Error(JSON.stringify(lesson.issues));
    expect(lesson.steps.some((s) => s.question), 'every lesson asks the learner to predict at least once').toBe(true);
    // Predict, then reveal: a question is asked before the end of the run shows the answer.
    for (const s of lesson.steps) if (s.question) expect(s.step).toBeLessThan(timeline.lastIndex);
  });
});
