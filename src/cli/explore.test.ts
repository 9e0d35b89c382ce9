import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exploreAll } from '../engine/explore/explore';
import { prepareExplore, reportExplore } from './exploreMain';
import { main } from './main';

function job(argv: string[]) {
  const p = prepareExplore(argv);
  if (!p.ok) throw new Error(p.outcome.stderr);
  return p.job;
}

describe('npm run explore', () => {
  it('refuses what it cannot run, naming the flag', () => {
    for (const [argv, says] of [
      [['at-least-once', '--max-faults', '4'], '--max-faults: expected a whole number from 1 to 3, got "4"'],
      [['at-least-once', '--max-faults', 'two'], '--max-faults'],
      [[], '<scenario>: missing'],
      [['nope'], 'nope: not a preset'],
      [['at-least-once', '--bogus'], 'arguments:'],
    ] as const) {
      const p = prepareExplore(argv);
      expect(p.ok).toBe(false);
      if (!p.ok) {
        expect(p.outcome.code).toBe(2);
        expect(p.outcome.stderr).toContain(says);
      }
    }
  });

  it('prints the counts and each counterexample as a scenario file that npm run sim replays to the same outcome', () => {
    const j = job(['at-most-once', '--max-faults', '1', '--json']);
    const result = exploreAll(j.run, { maxFaults: j.maxFaults, copies: j.copies });
    const report = reportExplore(j, result, 1000);
    const doc = JSON.parse(report.stdout) as { explored: number; violations: Record<string, number>; counterexamples: { violation: string; faults: unknown[]; scenario: Record<string, unknown> }[] };
    expect(doc.explored).toBe(result.explored);
    expect(doc.violations.lost).toBeGreaterThan(0);
    const lost = doc.counterexamples.find((c) => c.violation === 'lost')!;
    expect(lost.faults).toHaveLength(1);
    expect(report.files.map((f) => f.name)).toContain(`${String(lost.scenario.id)}.json`);

    const dir = mkdtempSync(join(tmpdir(), 'explore-'));
    const file = join(dir, 'cx.json');
    writeFileSync(file, JSON.stringify(lost.scenario));
    const replay = main([file, '--json']);
    expect(replay.code).toBe(0);
    const replayed = JSON.parse(replay.stdout) as { summary: { lost: number }; expectation: { matched: boolean } };
    expect(replayed.expectation.matched).toBe(true);
    expect(replayed.summary.lost).toBe((lost.scenario.expect as { lost: number }).lost);
  });

  it('in words: the counts, and how to replay', () => {
    const j = job(['at-least-once', '--max-faults', '1', '--messages', '2', '--out', 'cx']);
    const report = reportExplore(j, exploreAll(j.run, { maxFaults: 1 }), 2000);
    expect(report.stdout).toMatch(/^preset at-least-once · every schedule of up to 1 fault\n\d+ schedules over \d+ fault points/);
    expect(report.stdout).toContain('lost: 0 · duplicated: ');
    expect(report.stdout).toMatch(/replay: npm run sim -- cx\/at-least-once-duplicated-1-fault\.json/);
  });
});
