/**
 * The words of exporting the run shown (the share panel's "Export this run" and what the exported
 * diagram says about itself), in English; the Korean are in exportsKo.ts. Not part of en.ts: they
 * are an i18next namespace of their own (`export`) that comes with the share panel's chunk, so
 * the page's first load does not carry them (see addExportTexts).
 */
import type { i18n } from 'i18next';
import { exportsKo } from './exportsKo';

export const exportsEn = {
  heading: 'Export this run',
  what: 'Files of the run shown, with your settings and faults, to keep, to show or to test.',
  items: {
    scenario: { button: 'Scenario file', hint: 'replays in the lab (import) and in npm run sim' },
    trace: { button: 'Trace (JSON)', hint: 'every step, the ledger and the trace hash, as the command line prints them' },
    svg: { button: 'Diagram (SVG)', hint: 'the sequence diagram of the whole run, as a drawing' },
    png: { button: 'Diagram (PNG)', hint: 'the same diagram as a picture, for slides and chats' },
    playwright: { button: 'Playwright test', hint: 'a .spec.ts that opens this run and checks its outcome' },
  },
  status: {
    downloaded: 'Downloaded {{name}}',
    diagram: 'Downloaded {{name}} (steps {{from}} to {{to}}{{range}})',
    whole: ', the whole run',
    window: ' of {{last}}: a run this long is drawn {{max}} steps at a time, around the step shown',
    working: 'Making {{what}}…',
    failed: 'Could not make {{what}}: {{message}}',
  },
  diagram: {
    subtitle: 'seed {{seed}} · {{steps}} · trace hash {{hash}}',
    whole: 'steps {{from}} to {{to}}, the whole run',
    window: 'steps {{from}} to {{to}} of 0 to {{last}}, around step {{cursor}}',
    legend: {
      produce: 'produce',
      fetch: 'fetch',
      offsets: 'offsets',
      group: 'group',
      sink: 'database',
      txn: 'transactions',
      replica: 'replication',
      metadata: 'metadata',
    },
    marks: 'dots: effect written (green), skipped as a repeat (amber), crash (red), restart (ring)',
    lost: 'lost',
  },
};

export type ExportResources = typeof exportsEn;

export const EXPORT_NS = 'export';

/** Adds the export texts (both languages, a few hundred bytes each) to an i18next instance, once. */
export function addExportTexts(instance: i18n): void {
  if (!instance.hasResourceBundle('en', EXPORT_NS)) instance.addResourceBundle('en', EXPORT_NS, exportsEn);
  if (!instance.hasResourceBundle('ko', EXPORT_NS)) instance.addResourceBundle('ko', EXPORT_NS, exportsKo);
}
