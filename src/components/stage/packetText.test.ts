/**
 * Colour is never the only thing that tells packets apart: over every packet of every bundled
 * scenario, two packets coloured differently (another family) never look the same otherwise,
 * their shape and their label (or, drawn small, their letter) telling them apart.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildPackets } from '../../engine/packets';
import type { ScenarioInput } from '../../engine/scenario';
import { runScenario } from '../../engine/testing';
import { createI18n } from '../../i18n/bundled';
import { familyOf, isBackground, isResponse, packetGlyph, packetLabel, type Family } from './packetText';

const dir = fileURLToPath(new URL('../../scenarios/', import.meta.url));
const runs: ScenarioInput[] = readdirSync(dir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')) as ScenarioInput);

/** What a packet looks like without its colour: its shape and its words with the numbers and message ids taken out. */
function looks(t: ReturnType<typeof createI18n>['t'], p: Parameters<typeof packetLabel>[1]): string {
  const shape = isResponse(p.kind) ? 'round' : 'square';
  if (isBackground(p)) return `${shape} small ${packetGlyph(p)}`;
  return `${shape} ${packetLabel(t, p).replace(/\bm\d+\b/g, 'm').replace(/\d+/g, 'n')}`;
}

describe('packets do not rely on colour alone', () => {
  it.each(['en', 'ko'] as const)('%s: a look (shape and label) belongs to one family only', (lang) => {
    const i18n = createI18n(lang);
    const families = new Map<string, Set<Family>>();
    const kinds = new Set<string>();
    for (const input of runs) {
      for (const p of buildPackets(runScenario(input).timeline.steps)) {
        const look = looks(i18n.t, p);
        kinds.add(p.kind);
        families.set(look, (families.get(look) ?? new Set()).add(familyOf(p.kind)));
      }
    }
    expect(kinds.size).toBeGreaterThan(25);
    const shared = [...families].filter(([, f]) => f.size > 1).map(([look, f]) => `${look}: ${[...f].join(', ')}`);
    expect(shared).toEqual([]);
  });

  it('requests are square and answers round, and a small packet has a letter of its own family', () => {
    const i18n = createI18n('en');
    const glyphs = new Map<string, Set<Family>>();
    for (const p of buildPackets(runScenario(runs.find((r) => r.id === 'txn-across-partitions-read-committed')!).timeline.steps)) {
      if (isBackground(p)) glyphs.set(packetGlyph(p), (glyphs.get(packetGlyph(p)) ?? new Set()).add(familyOf(p.kind)));
      expect(looks(i18n.t, p).startsWith(p.kind.endsWith('Response') || p.kind === 'SinkWriteAck' ? 'round' : 'square')).toBe(true);
    }
    for (const [glyph, f] of glyphs) expect(f.size, glyph).toBe(1);
  });
});
