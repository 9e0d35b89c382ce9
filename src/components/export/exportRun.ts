/**
 * The exports that need more than the share panel has at hand (the trace document, the diagram,
 * its PNG, the Playwright test): a chunk of its own, fetched when one of them is first asked for.
 */
import type { i18n } from 'i18next';
import { localized, servicesOf, topologyOf } from '../../engine';
import { nodeName } from '../../i18n';
import { EXPORT_NS } from '../../i18n/exports';
import type { LabState } from '../../store/state';
import { MAX_DIAGRAM_STEPS, diagramRange, exportName, playwrightExport, traceExport } from '../../store/exports';
import { packetLabel, type Family } from '../stage/packetText';
import { svgToPng } from './png';
import { FAMILY_COLOURS, sequenceSvg } from './sequenceSvg';

export type LazyExport = 'trace' | 'svg' | 'png' | 'playwright';

export interface MadeExport {
  fileName: string;
  blob: Blob;
  /** For the status line: the diagram's steps, and whether they are the whole run. */
  range?: { from: number; to: number; last: number; whole: boolean; max: number };
}

/** The sequence diagram of the run shown, as SVG text. */
export function diagramOf(s: LabState, i: i18n) {
  const te = i.getFixedT(null, EXPORT_NS);
  const settings = s.run.settings;
  const services = servicesOf(settings);
  const last = s.timeline.lastIndex;
  const range = diagramRange(s.cursor, last);
  const legend = Object.fromEntries((Object.keys(FAMILY_COLOURS) as Family[]).map((f) => [f, te(`diagram.legend.${f}`)])) as Record<Family, string>;
  const drawing = sequenceSvg({
    title: localized(s.scenario.title, s.language) ?? exportName(s),
    subtitle: te('diagram.subtitle', {
      seed: s.seed,
      steps: te(range.whole ? 'diagram.whole' : 'diagram.window', { from: range.from, to: range.to, last, cursor: s.cursor }),
      hash: s.traceHash,
    }),
    legend,
    marksNote: te('diagram.marks'),
    lanes: topologyOf(settings).map((n) => ({ id: n.id, name: nodeName(i, n.id, services) })),
    from: range.from,
    to: range.to,
    steps: s.timeline.steps,
    packets: s.packets,
    label: (p) => packetLabel(i.t, p),
  });
  const steps = range.whole ? '' : `-steps-${range.from}-${range.to}`;
  return { ...drawing, range: { ...range, last, max: MAX_DIAGRAM_STEPS }, baseName: `${exportName(s)}-sequence${steps}` };
}

/** One export of the run shown, as a file to download. */
export async function makeExport(kind: LazyExport, s: LabState, i: i18n): Promise<MadeExport> {
  switch (kind) {
    case 'trace': {
      const t = traceExport(s);
      return { fileName: t.fileName, blob: new Blob([t.text], { type: 'application/json' }) };
    }
    case 'playwright': {
      const t = playwrightExport(s);
      return { fileName: t.fileName, blob: new Blob([t.text], { type: 'text/plain' }) };
    }
    case 'svg': {
      const d = diagramOf(s, i);
      return { fileName: `${d.baseName}.svg`, blob: new Blob([d.svg], { type: 'image/svg+xml' }), range: d.range };
    }
    case 'png': {
      const d = diagramOf(s, i);
      return { fileName: `${d.baseName}.png`, blob: await svgToPng(d.svg, d.width, d.height), range: d.range };
    }
  }
}
