/**
 * End to end: the real entry point in a child process, as `npm run sim` runs it. Each spawn
 * costs about a second, so there are eight; main.test.ts covers the rest in-process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'delivery-lab-sim-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function sim(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/sim.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('npm run sim', () => {
  it('exits 0 and reports the duplicate a lost ack makes under at-least-once', () => {
    const r = sim('at-least-once', '--drop', 'ProduceResponse:3', '--messages', '3');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('lost 0 · duplicated 1 ·');
    expect(r.stdout).toMatch(/^m3 .*DUPLICATED$/m);
  });

  it('exits 1 when the run does not match the expect of the scenario file', () => {
    const path = file('wrong.json', JSON.stringify({ preset: 'at-most-once', expect: { lost: 1 } }));
    const r = sim(path);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('lost: expected 1, got 0');
  });

  it.each([
    ['malformed JSON', () => [file('bad.json', '{"seed": 1,,}')], /^error: .*bad\.json: not valid JSON: /],
    ['an unknown field', () => [file('unknown.json', '{"sed": 1}')], /^error: sed: unknown field "sed"$/m],
    [
      'an impossible config',
      () => [file('impossible.json', '{"settings":{"producer":{"acks":0,"enable.idempotence":true}}}')],
      /^error: settings\.producer\.acks: ConfigException: /,
    ],
    ['a malformed fault flag', () => ['at-least-once', '--drop', 'ProduceResponse'], /^error: --drop ProduceResponse: expected <Kind>:<nth>\[@atMs\]/],
  ])('exits 2 and names the field for %s, without a stack trace', (_, args, message) => {
    const r = sim(...args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--json prints one document, and the same run gives the same trace hash', () => {
    const [a, b] = [sim('alo-lost-ack', '--json'), sim('alo-lost-ack', '--json')];
    expect(a.code).toBe(0);
    const doc = JSON.parse(a.stdout) as { traceHash: string; summary: { duplicated: number } };
    expect(doc.traceHash).toMatch(/^[0-9a-f]{14}$/);
    expect(doc.summary.duplicated).toBe(1);
    expect((JSON.parse(b.stdout) as { traceHash: string }).traceHash).toBe(doc.traceHash);
  });
});
