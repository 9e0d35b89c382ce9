/** The exported sequence diagram: self-contained, coloured by family, and hostile text stays text. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topologyOf, type Packet } from '../../engine';
import { createTestStore } from '../../store/testing';
import { familyOf, type Family } from '../stage/packetText';
import { FAMILY_COLOURS, sequenceSvg, type SequenceSvgInput } from './sequenceSvg';
import { escapeXml } from './svgMarkup';

const legend = Object.fromEntries(Object.keys(FAMILY_COLOURS).map((f) => [f, f])) as Record<Family, string>;

function input(search: string, over: Partial<SequenceSvgInput> = {}): SequenceSvgInput {
  const s = createTestStore({ search }).getState();
  return {
    title: 'At least once',
    subtitle: 'seed 1',
    legend,
    marksNote: 'dots',
    lanes: topologyOf(s.run.settings).map((n) => ({ id: n.id, name: n.id })),
    from: 0,
    to: s.timeline.lastIndex,
    steps: s.timeline.steps,
    packets: s.packets,
    label: (p: Packet) => `${p.kind} ${p.nth}`,
    ...over,
  };
}

/** The element names in a piece of markup. */
const tags = (svg: string) => new Set([...svg.matchAll(/<([A-Za-z][\w-]*)/g)].map((m) => m[1]));

describe('the sequence diagram as SVG', () => {
  it('draws every message of the run once, in its family colour, with the lanes named', () => {
    const d = input('?scenario=alo-lost-ack');
    const { svg, width, height } = sequenceSvg(d);
    const lines = [...svg.matchAll(/<g class="seq-msg fam-(\w+)" data-kind="(\w+)" data-nth="(\d+)"[^>]*><line [^>]*stroke="(#[0-9a-f]{6})"/g)];
    expect(lines).toHaveLength(d.packets.length);
    for (const [, family, kind, , colour] of lines) {
      expect(familyOf(kind as Packet['kind'])).toBe(family);
      expect(colour).toBe(FAMILY_COLOURS[family as Family]);
    }
    expect(svg.match(/<line class="lane"/g)).toHaveLength(d.lanes.length);
    for (const lane of d.lanes) expect(svg).toContain(`>${lane.name}</text>`);
    // The lost ack is dashed and crossed out.
    expect(svg).toMatch(/data-kind="ProduceResponse" data-nth="2" data-lost="true"><line [^>]*stroke-dasharray="4 3"/);
    expect(svg).toContain(`width="${width}" height="${height}"`);
    expect(height).toBeGreaterThan(d.to * 14);
  });

  it('needs no stylesheet: no class is styled from outside, no external reference', () => {
    const { svg } = sequenceSvg(input('?scenario=alo-lost-ack'));
    expect([...tags(svg)].sort()).toEqual(['circle', 'clipPath', 'defs', 'g', 'line', 'path', 'rect', 'svg', 'text', 'title']);
    expect(svg).not.toMatch(/href=|url\((?!#rows\))|<style|var\(/);
    expect(svg).toMatch(/<svg xmlns="http:\/\/www.w3.org\/2000\/svg" [^>]*font-family="system-ui/);
  });

  it('keeps the colours of the stage: the same as stage.css draws the panel with', () => {
    const css = readFileSync(new URL('../stage.css', import.meta.url), 'utf8');
    for (const [family, colour] of Object.entries(FAMILY_COLOURS)) expect(css).toContain(`.seq-msg.fam-${family} line { stroke: ${colour}; }`);
  });

  it('writes a hostile title, lane name and label as text, and leaves out what XML cannot hold', () => {
    const hostile = '<script>alert(1)</script>"><image href="x" onerror="alert(2)">&amp;\u0000\u0007\uD800';
    const { svg } = sequenceSvg(input('?scenario=alo-lost-ack', { title: hostile, subtitle: hostile, lanes: [{ id: 'producer', name: hostile }, { id: 'broker', name: 'broker' }], label: () => hostile }));
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('<image');
    expect([...svg].some((c) => c.charCodeAt(0) < 9 || (c.charCodeAt(0) >= 0xd800 && c.charCodeAt(0) <= 0xdfff))).toBe(false);
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;image href=&quot;x&quot; onerror=&quot;alert(2)&quot;&gt;&amp;amp;');
    expect([...tags(svg)].every((t) => ['circle', 'clipPath', 'defs', 'g', 'line', 'path', 'rect', 'svg', 'text', 'title'].includes(t!))).toBe(true);
    expect(escapeXml(`a'b`)).toBe('a&#39;b');
  });

  it('draws a window of a long run: only the messages in it, the steps named', () => {
    const d = input('?scenario=alo-lost-ack', { from: 20, to: 40 });
    const { svg } = sequenceSvg(d);
    const inWindow = d.packets.filter((p) => p.sentStep <= 40 && (p.endStep ?? Infinity) >= 20);
    expect(inWindow.length).toBeLessThan(d.packets.length);
    expect(svg.match(/<g class="seq-msg/g)).toHaveLength(inWindow.length);
    expect(svg).toContain('data-from="20" data-to="40"');
    expect(svg).toMatch(/>20<\/text>/);
    expect(svg).toMatch(/>40<\/text>/);
  });
});
