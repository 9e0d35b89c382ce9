import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { traceHash, type Step } from '../engine';
import { bundledIds, main } from './main';

const dir = mkdtempSync(join(tmpdir(), 'delivery-lab-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('main: runs', () => {
  it.each(bundledIds())('bundled scenario %s matches its expect', (id) => {
    const out = main([id]);
    expect(out.stderr).toBe('');
    expect(out.stdout).toMatch(/: matched\n/);
    expect(out.code).toBe(0);
  });

  it('runs a preset with faults from flags', () => {
    // The last ack: no later request is in flight, so exactly m3 is sent again.
    const out = main(['at-least-once', '--drop', 'ProduceResponse:3', '--messages', '3']);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toMatch(/^preset at-least-once · seed 1 · \d+ steps · quiescent at \d+ ms/);
    expect(out.stdout).toContain('lost 0 · duplicated 1 · duplicates in the log 1');
    expect(lines.find((l) => l.startsWith('m3'))).toMatch(/DUPLICATED$/);
    expect(lines.at(-2)).toMatch(/^trace hash [0-9a-f]{14}$/);
  });

  it('says when the horizon ended the run', () => {
    expect(main(['at-least-once', '--drop', 'ProduceResponse:2', '--horizon', '100']).stdout.split('\n')[0]).toContain('horizon at');
  });

  it('explains every step in the language asked for', () => {
    const en = main(['amo-lost-request', '--trace']).stdout;
    const ko = main(['amo-lost-request', '--trace', '--lang', 'ko']).stdout;
    expect(en).toMatch(/^#0 +0 ms {2}\S/m);
    expect(en).toContain('send(m1)');
    expect(ko).toMatch(/[\uac00-\ud7a3]/);
  });

  it('exits 1 when the run does not match the scenario\u2019s expect', () => {
    const path = file('wrong.json', { preset: 'at-most-once', expect: { lost: 2 } });
    const out = main([path]);
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('NOT matched');
    expect(out.stdout).toContain('lost: expected 2, got 0');
  });
});

describe('main: --json', () => {
  it('prints one document with the scenario, settings, ledger, steps and hash', () => {
    const out = main(['alo-lost-ack', '--json']);
    const doc = JSON.parse(out.stdout) as Record<string, unknown> & { steps: Step[] };
    expect(Object.keys(doc)).toEqual(['scenario', 'settings', 'summary', 'messages', 'steps', 'traceHash', 'expectation']);
    expect(doc.traceHash).toBe(traceHash(doc.steps));
    expect(doc.expectation).toEqual({ expected: { lost: 0, duplicated: 1, logDuplicates: 1, outOfOrder: 0 }, matched: true });
    expect(doc.settings).toMatchObject({ producer: { 'request.timeout.ms': 1000, 'enable.idempotence': false } });
    expect(doc.messages).toHaveLength(3);
    expect(main(['at-most-once', '--json', '--seed', '3']).stdout).toMatch(/"expectation":null}\n$/);
  });
});

describe('main: bad input', () => {
  const errors = (argv: string[]) => {
    const out = main(argv);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe('');
    const lines = out.stderr.trimEnd().split('\n');
    for (const l of lines) expect(l).toMatch(/^error: .+: .+/);
    return lines;
  };

  it('a missing file, a directory, malformed JSON', () => {
    expect(errors([join(dir, 'nope.json')])).toEqual([`error: ${join(dir, 'nope.json')}: cannot read the file: no such file`]);
    expect(errors([`${dir}/`])[0]).toContain('it is a directory');
    const bad = file('bad.json', '{"seed": 1,,}');
    expect(errors([bad])[0]).toMatch(new RegExp(`^error: ${bad}: not valid JSON: `));
  });

  it('an unknown preset or scenario id', () => {
    expect(errors(['exactly-twice'])[0]).toMatch(/^error: exactly-twice: not a preset.*alo-lost-ack/);
  });

  it('an unknown field and a field out of range, named by path', () => {
    const lines = errors([file('unknown.json', { settings: { producer: { retries: -1, lingerMs: 5 } } })]);
    expect(lines).toContain('error: settings.producer.lingerMs: unknown field "lingerMs"');
    expect(lines.some((l) => l.startsWith('error: settings.producer.retries: '))).toBe(true);
  });

  it('an impossible config, in the engine\u2019s words', () => {
    const path = file('impossible.json', { settings: { producer: { acks: 0, 'enable.idempotence': true } } });
    expect(errors([path])).toEqual(['error: settings.producer.acks: ConfigException: acks must be all (it is 0) when enable.idempotence=true']);
  });

  it('a flag the engine refuses is named after the flag', () => {
    expect(errors(['at-most-once', '--crash', 'producer@after-processing-before-commit'])).toEqual([
      'error: --crash producer@after-processing-before-commit (faults[0].point): this crash point belongs to another node',
    ]);
  });

  it('faults from flags come after the file\u2019s faults', () => {
    const lines = errors(['alo-lost-ack', '--drop', 'ProduceResponse:0']);
    expect(lines[0]).toMatch(/^error: --drop ProduceResponse:0 \(faults\[1\]\.nth\): /);
  });

  it('help is not an error', () => {
    const out = main(['--help']);
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^Usage: npm run sim -- /);
  });
});
