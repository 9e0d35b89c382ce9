import { describe, expect, it } from 'vitest';
import { MESSAGE_KINDS, NODE_NAME_HINT, parseScenario, type Fault, type Issue } from '../engine';
import { applyOptions, attribute, parseCliArgs, parseFault, type CliOptions, type Command } from './args';
import { usage } from './usage';

function run(argv: string[]): CliOptions {
  const c = parseCliArgs(argv);
  if (c.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(c)}`);
  return c.options;
}

function issues(argv: string[]): Issue[] {
  const c: Command = parseCliArgs(argv);
  if (c.kind !== 'error') throw new Error(`expected issues, got ${JSON.stringify(c)}`);
  return c.issues;
}

describe('parseCliArgs: the scenario argument', () => {
  it('tells presets, files and bundled ids apart', () => {
    expect(run(['at-least-once']).source).toEqual({ kind: 'preset', name: 'at-least-once' });
    expect(run(['my.json']).source).toEqual({ kind: 'file', path: 'my.json' });
    expect(run(['dir/scenario']).source).toEqual({ kind: 'file', path: 'dir/scenario' });
    expect(run(['alo-lost-ack']).source).toEqual({ kind: 'id', id: 'alo-lost-ack' });
  });

  it('takes a scenario that looks like an option after --', () => {
    expect(run(['--', '-odd.json']).source).toEqual({ kind: 'file', path: '-odd.json' });
  });

  it('needs exactly one', () => {
    expect(issues([])).toEqual([expect.objectContaining({ path: '<scenario>', message: expect.stringContaining('missing') })]);
    expect(issues(['a', 'b'])[0]!.message).toContain('got 2: a b');
  });
});

describe('parseCliArgs: options', () => {
  it('has defaults', () => {
    expect(run(['exactly-once'])).toEqual({
      source: { kind: 'preset', name: 'exactly-once' },
      faults: [],
      json: false,
      trace: false,
      lang: 'en',
    });
  });

  it('reads every option, in both --flag value and --flag=value form', () => {
    const o = run(['x.json', '--seed', '7', '--messages=5', '--horizon', '9000', '--json', '--lang=ko']);
    expect(o).toMatchObject({ seed: 7, messages: 5, horizonMs: 9000, json: true, lang: 'ko', trace: false });
    expect(run(['x.json', '--trace']).trace).toBe(true);
  });

  it('prints help for --help and -h, whatever else is wrong', () => {
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' });
    expect(parseCliArgs(['-h', '--bogus'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['x', '--seed', 'abc'], '--seed', 'whole number'],
    [['x', '--seed', '-1'], '--seed', 'whole number'],
    [['x', '--messages', '2.5'], '--messages', 'number of messages'],
    [['x', '--horizon'], '--horizon', 'expected a value'],
    [['x', '--lang', 'fr'], '--lang', 'got "fr"'],
    [['x', '--json=yes'], '--json', 'takes no value'],
    [['x', '--frobnicate'], '--frobnicate', 'unknown option'],
    [['x', '-z'], '-z', 'unknown option'],
    [['x', '-seed', '3'], '-seed', 'did you mean --seed'],
    [['x', '--json', '--trace'], '--trace', 'cannot be combined with --json'],
  ])('%j names %s', (argv, path, message) => {
    expect(issues(argv)).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('reports every problem at once', () => {
    expect(issues(['--seed', 'x', '--drop', 'nope', '--lang', 'de']).map((i) => i.path)).toEqual([
      '--seed',
      '--drop nope',
      '--lang',
      '<scenario>',
    ]);
  });
});

describe('fault flags', () => {
  it.each<[string[], Fault]>([
    [['--drop', 'ProduceResponse:2'], { type: 'drop', message: 'ProduceResponse', nth: 2 }],
    [['--drop', 'FetchRequest:1@250'], { type: 'drop', message: 'FetchRequest', nth: 1, atMs: 250 }],
    [['--delay', 'ProduceRequest:3:500'], { type: 'delay', message: 'ProduceRequest', nth: 3, byMs: 500 }],
    [['--duplicate', 'SinkWrite:1'], { type: 'duplicate', message: 'SinkWrite', nth: 1 }],
    [['--crash', 'broker@1200'], { type: 'crash', node: 'broker', atMs: 1200 }],
    [['--crash', 'broker@1200+300'], { type: 'crash', node: 'broker', atMs: 1200, restartAfterMs: 300 }],
    [['--crash', 'consumer@after-processing-before-commit'], { type: 'crash', node: 'consumer', point: 'after-processing-before-commit' }],
    [
      ['--crash', 'consumer@after-processing-before-commit+100'],
      { type: 'crash', node: 'consumer', point: 'after-processing-before-commit', restartAfterMs: 100 },
    ],
    [
      ['--crash', 'producer@after-send-before-response#2+50'],
      { type: 'crash', node: 'producer', point: 'after-send-before-response', nth: 2, restartAfterMs: 50 },
    ],
    [['--crash', 'broker@after-append-before-response#3'], { type: 'crash', node: 'broker', point: 'after-append-before-response', nth: 3 }],
    [['--restart', 'sink@900'], { type: 'restart', node: 'sink', atMs: 900 }],
    [['--cut', 'producer-broker@100-2000'], { type: 'cut', between: ['producer', 'broker'], fromMs: 100, toMs: 2000 }],
    [['--fail', 'sink-write:2'], { type: 'fail', what: 'sink-write', nth: 2 }],
  ])('%j', (flag, fault) => {
    expect(run(['x.json', ...flag]).faults).toEqual([{ flag: flag.join(' '), fault }]);
  });

  it('keeps repeated flags in command-line order', () => {
    const o = run(['x.json', '--cut', 'broker-consumer@1-2', '--drop', 'FetchResponse:1', '--cut', 'producer-broker@3-4']);
    expect(o.faults.map((f) => f.flag)).toEqual(['--cut broker-consumer@1-2', '--drop FetchResponse:1', '--cut producer-broker@3-4']);
  });

  it('every fault a flag makes is a fault the engine accepts', () => {
    const o = run(['x.json', '--drop', 'ProduceResponse:2@7', '--delay', 'FetchResponse:1:5', '--duplicate', 'SinkWrite:1', '--crash', 'sink@50+5', '--crash', 'consumer@after-commit-before-processing#2', '--restart', 'broker@10', '--cut', 'consumer-broker@1-2', '--fail', 'sink-write:1']);
    expect(parseScenario({ faults: o.faults.map((f) => f.fault) }).ok).toBe(true);
  });

  it.each([
    ['drop', 'ProduceResponse', '<Kind>:<nth>[@atMs]'],
    ['drop', 'Produce:2', 'unknown message kind "Produce"'],
    ['drop', 'ProduceResponse:two', '<Kind>:<nth>[@atMs]'],
    ['delay', 'ProduceRequest:1', '<Kind>:<nth>:<ms>'],
    ['duplicate', 'SinkWrite:1:2', '<Kind>:<nth>'],
    ['crash', 'consumer', '<node>@<ms>'],
    ['crash', 'Consumer@100', 'unknown node "Consumer"'],
    ['crash', 'consumer@after-blah', 'unknown crash point "after-blah"'],
    ['crash', 'consumer@100#2', '#<nth> goes with a crash point'],
    ['restart', 'broker', '<node>@<ms>'],
    ['restart', 'db@5', 'unknown node "db"'],
    ['cut', 'producer-broker@100', '<a>-<b>@<fromMs>-<toMs>'],
    ['cut', 'producer-db@1-2', 'unknown node "db"'],
    ['fail', 'sink-write:0', 'sink-write:<nth>'],
    ['fail', 'db:1', 'sink-write:<nth>'],
  ] as const)('--%s %s says what was expected', (flag, value, message) => {
    expect(issues(['x.json', `--${flag}`, value])).toEqual([{ path: `--${flag} ${value}`, message: expect.stringContaining(message) }]);
    expect(parseFault(flag, value)).toEqual(expect.stringContaining(message));
  });

  it('lists the valid names when a name is wrong', () => {
    expect(parseFault('drop', 'X:1')).toContain(MESSAGE_KINDS.join(', '));
    expect(parseFault('restart', 'x@1')).toContain(NODE_NAME_HINT);
  });
});

describe('applyOptions and attribute', () => {
  const opts = (argv: string[]) => run(['x.json', ...argv]);

  it('replaces seed, horizon and produce, and appends faults', () => {
    const base = { id: 's', seed: 1, produce: { count: 9, keys: ['k'] }, faults: [{ type: 'restart', node: 'broker', atMs: 5 }] };
    const { input, origins } = applyOptions(base, opts(['--seed', '4', '--horizon', '99', '--messages', '2', '--drop', 'SinkWrite:1']));
    expect(input).toEqual({
      id: 's',
      seed: 4,
      horizonMs: 99,
      produce: { count: 2, intervalMs: 10 },
      faults: [base.faults[0], { type: 'drop', message: 'SinkWrite', nth: 1 }],
    });
    expect(origins).toContainEqual(['faults[1]', '--drop SinkWrite:1']);
    expect(base.seed).toBe(1);
  });

  it('leaves a malformed base for the engine to report', () => {
    expect(applyOptions([1], opts(['--seed', '2'])).input).toEqual([1]);
    expect(applyOptions({ faults: 'x' }, opts(['--drop', 'SinkWrite:1'])).input).toEqual({ faults: 'x' });
  });

  it('renames issues on fields a flag wrote after that flag', () => {
    const { input, origins } = applyOptions({}, opts(['--seed', '99999999999', '--crash', 'producer@after-processing-before-commit', '--horizon', '0']));
    const r = parseScenario(input);
    if (r.ok) throw new Error('expected issues');
    const paths = r.issues.map((i) => attribute(i, origins).path);
    expect(paths).toContain('--seed 99999999999 (seed)');
    expect(paths).toContain('--horizon 0 (horizonMs)');
    expect(paths).toContain('--crash producer@after-processing-before-commit (faults[0].point)');
  });

  it('leaves other issues alone, and matches whole path segments only', () => {
    const origins = [['faults[1]', '--drop X:1']] as const;
    expect(attribute({ path: 'faults[10].nth', message: 'm' }, origins)).toEqual({ path: 'faults[10].nth', message: 'm' });
    expect(attribute({ path: 'faults[1]', message: 'm' }, origins).path).toBe('--drop X:1 (faults[1])');
  });
});

describe('usage', () => {
  it('documents every option and lists the bundled scenarios', () => {
    const text = usage(['alo-lost-ack']);
    for (const flag of ['--seed', '--messages', '--horizon', '--json', '--lang', '--trace', '--help', '--drop', '--delay', '--duplicate', '--crash', '--restart', '--cut', '--fail']) {
      expect(text).toContain(flag);
    }
    expect(text).toContain('alo-lost-ack');
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(100);
  });
});
