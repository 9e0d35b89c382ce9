/** The run's exports: the trace document is the CLI's, the Playwright test is valid TypeScript that checks the run's outcome. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main';
import { dropNext } from '../components/stage/faultMenu';
import { exportScenario } from './share';
import { MAX_DIAGRAM_STEPS, TESTED_COUNTERS, diagramRange, exportName, playwrightExport, traceExport } from './exports';
import { createTestStore } from './testing';

/** A run changed on the page: a setting and a fault added at step 3, the stage elsewhere. */
function changedRun(search: string) {
  const store = createTestStore({ search });
  store.getState().setSetting('network', 'latencyMs', 12);
  store.getState().seek(3);
  store.getState().addFault(dropNext(store.getState().packets, 3, 'ProduceResponse'));
  store.getState().seek(10);
  return store.getState();
}

describe('the trace export', () => {
  it('is the document npm run sim --json prints for the exported scenario file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'delivery-lab-trace-'));
    try {
      for (const s of [changedRun('?scenario=alo-lost-ack&seed=5'), changedRun('?preset=exactly-once'), createTestStore({ search: '?scenario=alo-lost-ack' }).getState()]) {
        const file = exportScenario(s)!;
        writeFileSync(join(dir, file.fileName), file.text);
        const cli = main([join(dir, file.fileName), '--json']);
        expect(cli.code, cli.stderr).toBe(0);
        const exported = traceExport(s);
        expect(exported.text).toBe(cli.stdout);
        expect(exported.doc.traceHash).toBe(s.traceHash);
        expect(exported.doc.summary).toEqual(s.ledger.summary);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the expectation only for the unchanged run, and is named after the scenario', () => {
    const same = traceExport(createTestStore({ search: '?scenario=alo-lost-ack' }).getState());
    expect(same.fileName).toBe('alo-lost-ack.trace.json');
    expect(same.doc.expectation).toMatchObject({ matched: true });
    expect(traceExport(changedRun('?scenario=alo-lost-ack')).doc.expectation).toBeNull();
    expect(exportName(createTestStore({ search: '?preset=at-most-once' }).getState())).toBe('at-most-once');
  });
});

/** Type-checks a file as it would be in a project with @playwright/test installed (this one). */
function typeErrors(text: string): string[] {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  const file = join(root, 'e2e', '__exported__.spec.ts');
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'], types: [], skipLibCheck: true };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => (name === file ? text : read(name));
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name === file || exists(name);
  const getSource = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang, ...rest) => (name === file ? ts.createSourceFile(name, text, lang) : getSource(name, lang, ...rest));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the Playwright test export', () => {
  const s = changedRun('?scenario=alo-lost-ack&seed=5&lang=ko');
  const spec = playwrightExport(s);

  it('is named after the scenario, opens the run by its link and checks every counter and the trace hash', () => {
    expect(spec.fileName).toBe('alo-lost-ack.spec.ts');
    expect(spec.link).toMatch(/^\.\/\?scenario=alo-lost-ack&seed=5&lang=ko&settings=[\w-]+&faults=[\w-]+$/);
    expect(spec.text).toContain(`const LINK = ${JSON.stringify(spec.link)};`);
    expect(spec.text).toContain(`const TRACE_HASH = "${s.traceHash}";`);
    const expected = JSON.parse(/^const EXPECTED = (.*);$/m.exec(spec.text)![1]!) as Record<string, unknown>;
    for (const [counter] of TESTED_COUNTERS) expect(expected[counter], counter).toBe(s.ledger.summary[counter]);
    expect(expected.end).toBe(s.ledger.summary.end);
    const { lost, duplicated, logDuplicates, outOfOrder } = s.ledger.summary;
    expect(spec.text).toContain(`test("alo-lost-ack (seed 5) ends with lost ${lost}, duplicated ${duplicated}, log duplicates ${logDuplicates}, out of order ${outOfOrder}"`);
    expect(spec.text.match(/^import .*$/gm)).toEqual(["import { expect, test } from '@playwright/test';"]);
  });

  it('transpiles without diagnostics, and type-checks strictly against @playwright/test', () => {
    const out = ts.transpileModule(spec.text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, strict: true } });
    expect(out.diagnostics ?? []).toEqual([]);
    expect(typeErrors(spec.text)).toEqual([]);
    // The check can fail: a broken file does not pass it.
    expect(typeErrors(spec.text.replace('toMatchObject(EXPECTED)', 'toMatchObject(EXPECTD)')).join()).toMatch(/EXPECTD/);
  }, 60_000);

  it('of a long run waits for it to be computed, and still type-checks strictly', () => {
    const long = playwrightExport({ ...s, longRun: { messages: 20_000, lastStep: 99, windowStart: 0, kept: 100, window: 500, computeMs: 1 } });
    expect(long.text).toContain('A long run (20000 messages)');
    expect(typeErrors(long.text)).toEqual([]);
  }, 60_000);

  it('writes a hostile title or id as string literals only: the file stays one test, valid TypeScript', () => {
    const store = createTestStore();
    const hostile = 'x"; process.exit(1); // */ \n\u2028 </script>';
    store.getState().loadScenario({ id: `evil */ ${hostile}`, title: hostile, preset: 'at-least-once', produce: { count: 1 } });
    const evil = playwrightExport(store.getState());
    expect(evil.fileName).toMatch(/^[A-Za-z0-9._-]+\.spec\.ts$/);
    const out = ts.transpileModule(evil.text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext } });
    expect(out.diagnostics ?? []).toEqual([]);
    // The file's statements are the generator's own; the hostile text is the value of a string literal.
    const source = ts.createSourceFile('evil.spec.ts', evil.text, ts.ScriptTarget.ES2022);
    expect(source.statements.map((st) => ts.SyntaxKind[st.kind])).toEqual(['ImportDeclaration', 'TypeAliasDeclaration', ...Array(4).fill('FirstStatement'), 'ExpressionStatement']);
    const scenario = (source.statements[2] as ts.VariableStatement).declarationList.declarations[0]!;
    expect(scenario.initializer && ts.isStringLiteral(scenario.initializer) && scenario.initializer.text).toBe(hostile);
    expect(evil.text).not.toContain('\u2028');
  });
});

describe('the diagram range', () => {
  it('is the whole run when it fits, else the steps around the one shown, within the run', () => {
    expect(diagramRange(5, 212)).toEqual({ from: 0, to: 212, whole: true });
    expect(diagramRange(0, MAX_DIAGRAM_STEPS - 1)).toEqual({ from: 0, to: MAX_DIAGRAM_STEPS - 1, whole: true });
    expect(diagramRange(0, 9878)).toEqual({ from: 0, to: 999, whole: false });
    expect(diagramRange(5000, 9878)).toEqual({ from: 4500, to: 5499, whole: false });
    expect(diagramRange(9878, 9878)).toEqual({ from: 8879, to: 9878, whole: false });
  });
});
