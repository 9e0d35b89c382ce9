/**
 * Malformed and hostile inputs, for the fuzz tests only (fuzz.test.tsx feeds them to the store,
 * e2e/fuzz.spec.ts to the page): share links whose every part is mutated (the source, the
 * base64url JSON parts, the seed, the step, the language, the side-by-side lanes, the lesson),
 * scenario files whose JSON values are mutated (wrong types, huge numbers, NaN-ish strings, deep
 * nesting, prototype keys, script payloads, settings and faults the engine must cope with) and
 * whose text is cut, garbled or not UTF-8, and plain junk. Never imported by the page.
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { PRESET_NAMES } from '../engine/config';
import { MESSAGE_KINDS, SINK_STRATEGIES } from '../engine/types';
import { encodePart } from './shareCodec';

/** The window flag every script payload sets; a test asserts it never is. */
export const PWNED = '__pwned';

/** Text that would run, or become markup, or spoof the text around it, if it were ever rendered as anything but text. */
export const PAYLOADS = [
  `<script>window.${PWNED}=1</script>`,
  `<img src=x onerror="window.${PWNED}=1">`,
  `javascript:window.${PWNED}=1`,
  `"><svg onload=window.${PWNED}=1>`,
  `{{constructor.constructor('window.${PWNED}=1')()}}`,
  `'><iframe srcdoc="<script>parent.${PWNED}=1</script>">`,
  '$t(ui.errors.heading)',
  '${window.__pwned=1}',
  '\u202Egnp.exe\u202C',
  'a\u200B\u200C\u200D\uFEFFb',
  '&lt;b&gt;bold&lt;/b&gt;',
  '%3Cscript%3E',
];

/** Names Object.prototype has (and __proto__), as keys and as values. */
export const PROTO_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'];

/** JSON text that is valid but the wrong thing almost anywhere. */
const RAW_VALUES = [
  'null', 'true', 'false', '0', '-0', '-1', '1.5', '1e308', '-1e308', '1e999', '-1e999', '2147483648', '9007199254740993', '1e21', '1e-400',
  '""', '"NaN"', '"Infinity"', '"-Infinity"', '"1e999"', '"0x10"', '" 1"', '"all"', '"-1"', '"\u0663"', '"\\u0000"', '"\\ud800"',
  '[]', '{}', '[[]]', '[null]', '{"__proto__":{"polluted":"yes"}}', '{"constructor":{"prototype":{"polluted":"yes"}}}',
  `${'['.repeat(2000)}${']'.repeat(2000)}`, `${'{"a":'.repeat(1000)}1${'}'.repeat(1000)}`, JSON.stringify('x'.repeat(3000)),
  ...PAYLOADS.map((p) => JSON.stringify(p)), ...PROTO_KEYS.map((k) => JSON.stringify(k)),
];

/** JSON text kept as it is when a tree is written back (so `1e999`, deep nesting and `__proto__` keys survive). */
class Raw {
  constructor(readonly text: string) {}
}
type Tree = null | boolean | number | string | Raw | Tree[] | { [key: string]: Tree };

function write(v: Tree): string {
  if (v instanceof Raw) return v.text;
  if (Array.isArray(v)) return `[${v.map(write).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).map((k) => `${JSON.stringify(k)}:${write(v[k]!)}`).join(',')}}`;
  return JSON.stringify(v);
}

/** Sets an own property, `__proto__` included (an assignment would set the prototype). */
function own(o: Record<string, Tree>, key: string, value: Tree): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Every place a value sits in a tree: its parent and its key. */
function places(root: Tree): { parent: Record<string, Tree> | Tree[]; key: string | number }[] {
  const out: { parent: Record<string, Tree> | Tree[]; key: string | number }[] = [];
  const walk = (v: Tree) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => {
        out.push({ parent: v, key: i });
        walk(x);
      });
    } else if (v !== null && typeof v === 'object' && !(v instanceof Raw)) {
      for (const k of Object.keys(v)) {
        out.push({ parent: v, key: k });
        walk(v[k]!);
      }
    }
  };
  walk(root);
  return out;
}

/**
 * Settings the engine must take or refuse, never throw on: Kafka's edges and the lab's own
 * combinations (every idempotence strategy, several services, the copier, replication).
 */
const SETTING_VALUES: Record<string, Record<string, unknown[]>> = {
  producer: {
    acks: [0, 1, 'all', -1],
    retries: [0, 1, 3],
    'enable.idempotence': [true, false],
    'max.in.flight.requests.per.connection': [1, 5, 6],
    'batch.size': [1, 3],
    'linger.ms': [0, 50],
    'request.timeout.ms': [1, 200, 1000, 30000],
    'delivery.timeout.ms': [1000, 120000],
    'retry.backoff.ms': [0, 100],
    'transactional.id': [null, 'tx', 'constructor', '__proto__'],
    'transaction.timeout.ms': [1000, 60000],
  },
  producerApp: { onSendFailure: ['give-up', 'send-again'], onRestart: ['resend-unacked', 'forget-unacked'], transactionSize: [1, 2], instances: [1, 2], secondInstanceStartMs: [0, 100] },
  consumer: {
    'enable.auto.commit': [true, false],
    'auto.commit.interval.ms': [0, 100],
    'auto.offset.reset': ['earliest', 'latest', 'none'],
    'max.poll.records': [1, 500],
    'fetch.max.wait.ms': [0, 500],
    'session.timeout.ms': [6000, 45000],
    'heartbeat.interval.ms': [1000, 3000],
    'max.poll.interval.ms': [1000, 300000],
    'isolation.level': ['read_committed', 'read_uncommitted'],
  },
  consumerApp: {
    commit: ['none', 'before-processing', 'after-processing'],
    commitMethod: ['commitSync', 'commitAsync'],
    processingMs: [0, 400],
    idempotence: [...SINK_STRATEGIES],
    sinkWriteMs: [0, 50],
    bulkWrite: [true, false],
    onSinkTimeout: ['retry', 'skip'],
    instances: [1, 2, 4],
    services: [[], [{ name: 'constructor', idempotence: 'processed-ids' }, { name: 'points', idempotence: 'none' }]],
    maxAttempts: [1, 3],
    deadLetter: [true, false],
    output: ['database', 'topic'],
  },
  broker: { 'producer.id.expiration.ms': [1, 86400000], 'group.initial.rebalance.delay.ms': [0, 3000], 'replica.lag.time.max.ms': [100, 30000] },
  topic: { partitions: [1, 2, 3], 'replication.factor': [1, 2, 3], 'min.insync.replicas': [1, 2, 3] },
  network: { latencyMs: [0, 5, 50], jitterMs: [0, 5], dropProbability: [0, 0.2, 1] },
};

const NODES = ['producer', 'producer-2', 'broker', 'broker-2', 'consumer', 'consumer-2', 'sink', 'sink-2', 'coordinator'];
const POINTS = ['after-send-before-response', 'after-append-before-response', 'after-processing-before-commit', 'after-commit-before-processing', 'after-endtxn-before-response'];

/** A fault in the scenario format, valid or nearly (the node may not exist, the point may belong to another node). */
const faultArb: fc.Arbitrary<unknown> = fc.oneof(
  fc.record({ type: fc.constantFrom('drop', 'duplicate'), message: fc.constantFrom(...MESSAGE_KINDS), nth: fc.integer({ min: 1, max: 3 }) }),
  fc.record({ type: fc.constant('delay'), message: fc.constantFrom(...MESSAGE_KINDS), nth: fc.integer({ min: 1, max: 3 }), byMs: fc.constantFrom(0, 50, 40000) }),
  fc.record({ type: fc.constant('reject'), nth: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ type: fc.constant('crash'), node: fc.constantFrom(...NODES), atMs: fc.constantFrom(0, 7, 300), restartAfterMs: fc.constantFrom(0, 100, 2000) }),
  fc.record({ type: fc.constant('crash'), node: fc.constantFrom(...NODES), point: fc.constantFrom(...POINTS), restartAfterMs: fc.constantFrom(100, 2000) }),
  fc.record({ type: fc.constantFrom('restart', 'leave', 'start'), node: fc.constantFrom(...NODES), atMs: fc.constantFrom(0, 50, 500) }),
  fc.record({ type: fc.constant('cut'), between: fc.tuple(fc.constantFrom(...NODES), fc.constantFrom(...NODES)), fromMs: fc.constant(10), toMs: fc.constantFrom(20, 3000) }),
  fc.constantFrom({ type: 'fail', what: 'sink-write', nth: 1 }, { type: 'fail', what: 'processing', messageId: 'm1', times: 2 }, { type: 'redrive', atMs: 2000 }),
);

/** One change to a JSON tree (applied where `at` points, modulo the places there are). */
type TreeOp =
  | { op: 'replace'; at: number; raw: number }
  | { op: 'delete'; at: number }
  | { op: 'add-key'; at: number; key: string; raw: number }
  | { op: 'wrap'; at: number }
  | { op: 'stringify'; at: number }
  | { op: 'swap'; at: number; from: number }
  | { op: 'repeat'; at: number; times: number }
  | { op: 'setting'; group: string; name: string; value: number }
  | { op: 'faults'; faults: unknown[] }
  | { op: 'bomb'; kind: 'messages' | 'restless' };

const groups = Object.keys(SETTING_VALUES);
const treeOp: fc.Arbitrary<TreeOp> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('replace' as const), at: fc.nat(), raw: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('add-key' as const), at: fc.nat(), key: fc.oneof(fc.constantFrom(...PROTO_KEYS, 'seed', 'preset', 'lesson', 'expect', 'faults'), fc.string({ maxLength: 8 })), raw: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('stringify' as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('swap' as const), at: fc.nat(), from: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('repeat' as const), at: fc.nat(), times: fc.constantFrom(2, 1001, 10001) }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(...groups).chain((group) =>
      fc.record({ op: fc.constant('setting' as const), group: fc.constant(group), name: fc.constantFrom(...Object.keys(SETTING_VALUES[group]!)), value: fc.nat() }),
    ),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('faults' as const), faults: fc.array(faultArb, { minLength: 1, maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bomb' as const), kind: fc.constantFrom('messages' as const, 'restless' as const) }) },
);

const WEEK = 604_800_000;

function applyOp(root: Tree, o: TreeOp): Tree {
  if (o.op === 'setting') {
    if (root === null || typeof root !== 'object' || Array.isArray(root) || root instanceof Raw) return root;
    const settings = (root.settings !== null && typeof root.settings === 'object' && !Array.isArray(root.settings) && !(root.settings instanceof Raw) ? root.settings : (root.settings = {})) as Record<string, Tree>;
    const group = (settings[o.group] !== null && typeof settings[o.group] === 'object' ? settings[o.group] : (settings[o.group] = {})) as Record<string, Tree>;
    const values = SETTING_VALUES[o.group]![o.name]!;
    group[o.name] = values[o.value % values.length] as Tree;
    return root;
  }
  if (o.op === 'bomb') {
    if (root === null || typeof root !== 'object' || Array.isArray(root) || root instanceof Raw) return root;
    // More messages than the page runs; or a run that never ends: every request timing out at once, retried at once, for a week.
    if (o.kind === 'messages') root.produce = { count: 10_001, intervalMs: 1 };
    else Object.assign(root, { horizonMs: WEEK, settings: { producer: { 'request.timeout.ms': 1, 'retry.backoff.ms': 0, 'retry.backoff.max.ms': 0, 'delivery.timeout.ms': WEEK } } });
    return root;
  }
  if (o.op === 'faults') {
    if (root === null || typeof root !== 'object' || Array.isArray(root) || root instanceof Raw) return root;
    root.faults = [...(Array.isArray(root.faults) ? root.faults : []), ...(o.faults as Tree[])];
    return root;
  }
  const all = places(root);
  if (all.length === 0) return o.op === 'replace' ? new Raw(RAW_VALUES[o.raw % RAW_VALUES.length]!) : root;
  const { parent, key } = all[o.at % all.length]!;
  const get = () => (parent as Record<string | number, Tree>)[key]!;
  const set = (v: Tree) => (Array.isArray(parent) ? (parent[key as number] = v) : own(parent, key as string, v));
  switch (o.op) {
    case 'replace':
      set(new Raw(RAW_VALUES[o.raw % RAW_VALUES.length]!));
      break;
    case 'delete':
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete parent[key as string];
      break;
    case 'add-key': {
      const v = get();
      if (v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Raw)) own(v, o.key, new Raw(RAW_VALUES[o.raw % RAW_VALUES.length]!));
      else if (!Array.isArray(parent)) own(parent, o.key, new Raw(RAW_VALUES[o.raw % RAW_VALUES.length]!));
      break;
    }
    case 'wrap':
      set([get()]);
      break;
    case 'stringify': {
      const v = get();
      set(typeof v === 'string' ? Number(v) : v instanceof Raw ? v.text : JSON.stringify(v) ?? null);
      break;
    }
    case 'swap':
      set(structuredClone((all[o.from % all.length]!.parent as Record<string | number, Tree>)[all[o.from % all.length]!.key]!));
      break;
    case 'repeat': {
      const v = get();
      if (Array.isArray(v) && v.length > 0) set(Array.from({ length: o.times }, (_, i) => v[i % v.length]!));
      else if (typeof v === 'number') set(v * o.times);
      else if (typeof v === 'string') set(v.repeat(Math.min(o.times, 200)));
      break;
    }
  }
  return root;
}

/** A JSON text with 1 to 3 tree changes. */
function mutateJson(text: string): fc.Arbitrary<string> {
  return fc.array(treeOp, { minLength: 1, maxLength: 3 }).map((ops) => {
    let root = JSON.parse(text) as Tree;
    for (const o of ops) root = applyOp(root, o);
    return write(root);
  });
}

/** The text itself damaged: cut short, a character put in or taken out, a byte-order mark, junk after it. */
const textOp = fc.oneof(
  fc.record({ op: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom('"', '{', '}', ',', ':', '\\', '\u0000', '\uD800', '\uFFFF', ']', '/*'), fc.string({ maxLength: 3 })) }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ op: fc.constant('bom' as const) }),
  fc.record({ op: fc.constant('trailing' as const), text: fc.constantFrom('}', ' // comment', '\n{}', ',') }),
);
function damage(text: string, o: { op: string; at?: number; text?: string; n?: number }): string {
  const at = (o.at ?? 0) % (text.length + 1);
  switch (o.op) {
    case 'cut':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + o.text + text.slice(at);
    case 'remove':
      return text.slice(0, at) + text.slice(at + (o.n ?? 1));
    case 'bom':
      return `\uFEFF${text}`;
    default:
      return text + (o.text ?? '');
  }
}

const dir = new URL('../scenarios/', import.meta.url);
const read = (name: string) => readFileSync(new URL(`${name}.json`, dir), 'utf8');

/** Valid scenario files to mutate: small ones written here, and bundled ones with lessons, services, replication, transactions. */
export const BASE_SCENARIOS: readonly string[] = [
  JSON.stringify({ preset: 'at-least-once' }),
  JSON.stringify({ id: 'mine', title: { en: 'Mine', ko: '내 것' }, description: 'A run', preset: 'exactly-once', produce: { count: 2, intervalMs: 50, keys: ['a', 'b'] }, seed: 4 }),
  JSON.stringify({ preset: 'at-most-once', produce: { messages: [{ id: 'm1', at: 0, key: 'k' }, { id: 'm2', at: 20 }] }, faults: [{ type: 'drop', message: 'ProduceRequest', nth: 1 }], expect: { lost: 1 } }),
  JSON.stringify({ preset: 'idempotent-consumer', settings: { network: { latencyMs: 20 } }, faults: [{ type: 'crash', node: 'consumer', point: 'after-processing-before-commit', restartAfterMs: 500 }] }),
  ...['alo-lost-ack', 'slot-spin-two-services', 'leader-failover-acks-1', 'txn-zombie-fencing', 'dlq-and-redrive'].map(read),
];

/** A mutated scenario file's text, from one of `bases` (UTF-16; see `fileBytes` for bytes that are not UTF-8). */
export function scenarioTextFrom(bases: readonly string[]): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...bases), fc.boolean(), fc.array(textOp, { maxLength: 2 }))
    .chain(([base, tree, ops]) => (tree ? mutateJson(base) : fc.constant(base)).map((text) => ops.reduce((t, o) => damage(t, o), text)))
    .filter((text) => !bases.includes(text));
}

/** A mutated scenario file's text, from any of BASE_SCENARIOS. */
export const scenarioText: fc.Arbitrary<string> = scenarioTextFrom(BASE_SCENARIOS);

/**
 * The same from the small scenarios and one bundled file with a lesson only: for the page, where a
 * run that is valid costs its whole render (the bundled runs are long; the store's fuzz has them all).
 */
export const smallScenarioText: fc.Arbitrary<string> = scenarioTextFrom(BASE_SCENARIOS.slice(0, 5));

/** A file's name: ordinary, hostile, very long, empty, right-to-left. */
export const fileName: fc.Arbitrary<string> = fc.oneof(
  fc.constant('scenario.json'),
  fc.constantFrom(...PAYLOADS).map((p) => `${p}.json`),
  fc.constant(`${'n'.repeat(300)}.json`),
  fc.constant(''),
  fc.constant('\u202Enosj.exe'),
  fc.string({ maxLength: 12 }),
);

/** Plain junk: any text (or none), JSON of the wrong kind. */
export const junkText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.constantFrom('', ' ', 'null', '[]', '"a scenario"', '42', '1e999', '{}', '{"preset":"at-least-once"', '<scenario/>', ...RAW_VALUES.slice(0, 40)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  // Over the 1 MiB a file may have.
  fc.constant(JSON.stringify({ preset: 'at-least-once', description: 'x'.repeat(1024 * 1024) })),
);

/**
 * A file as bytes: its UTF-8, sometimes with a byte no UTF-8 has (0xFF), a lone lead byte or an
 * encoded surrogate; the page reads it with File.text(), which puts U+FFFD in their place.
 */
export const fileBytes: fc.Arbitrary<Uint8Array> = fc
  .tuple(fc.oneof(smallScenarioText, junkText), fc.constantFrom(null, [0xff], [0xc3], [0xed, 0xa0, 0x80], [0xfe, 0xff]), fc.nat())
  .map(([text, bad, at]) => {
    const bytes = new TextEncoder().encode(text);
    if (!bad) return bytes;
    const i = at % (bytes.length + 1);
    return Uint8Array.from([...bytes.subarray(0, i), ...bad, ...bytes.subarray(i)]);
  });

/** The link's parameters, as name/value pairs in order. */
export type LinkPairs = [string, string][];

const BUNDLED_IDS = ['alo-lost-ack', 'amo-lost-request', 'slot-spin-two-services', 'txn-zombie-fencing'];
const small = (i: number) => JSON.parse(BASE_SCENARIOS[i % 4]!) as Record<string, unknown>;

/** Valid links to mutate: every parameter appears in some. */
export const BASE_LINKS: readonly LinkPairs[] = [
  [['preset', 'at-least-once'], ['seed', '7'], ['lang', 'en']],
  [['scenario', 'alo-lost-ack'], ['step', '12'], ['lang', 'ko']],
  [['scenario', 'amo-lost-request'], ['lesson', '2']],
  [['custom', encodePart(small(1))], ['seed', '3']],
  [['custom', encodePart(small(2))], ['step', '4'], ['lang', 'en']],
  [['preset', 'exactly-once'], ['settings', encodePart({ network: { latencyMs: 20 } })], ['faults', encodePart([{ type: 'drop', message: 'ProduceResponse', nth: 1 }])], ['step', '5']],
  [['preset', 'at-most-once'], ['settings', '{"producer":{"linger.ms":10}}']],
  [['step', '3']],
  [['preset', 'at-least-once'], ['compare', 'at-most-once,exactly-once']],
];

const JSON_PARTS = new Set(['custom', 'settings', 'faults']);
const NAMES = ['preset', 'scenario', 'custom', 'seed', 'lang', 'settings', 'faults', 'step', 'lesson', 'compare', 'motion', 'view'];

/** A value typed or cut by hand: digits, signs, words, hostile text. */
const junkValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 10 }),
  fc.constantFrom('', ' ', '-1', '1.5', '1e3', '0x10', '007', '500', '123456789', '99999999999', '2147483648', 'NaN', 'Infinity', 'ko-KR', 'EN', 'run,run', 'run', 'at-most-once,at-most-once', ',', 'a,b,c,d'),
  fc.constantFrom(...PAYLOADS, ...PROTO_KEYS, ...PRESET_NAMES, ...BUNDLED_IDS),
  fc.constant('x'.repeat(300 * 1024)),
);

/** A base64url part damaged: cut short, a character that is not base64url, padding, bytes that are not UTF-8. */
const b64Damage = (value: string): fc.Arbitrary<string> =>
  fc.oneof(
    fc.nat().map((n) => value.slice(0, n % (value.length + 1))),
    fc.tuple(fc.nat(), fc.constantFrom('+', '/', '=', '%', '.', ' ', '~', '\u00e9')).map(([n, c]) => value.slice(0, n % (value.length + 1)) + c + value.slice(n % (value.length + 1))),
    fc.constant(`${value}==`),
    fc.constantFrom(
      Buffer.from([0xff, 0xfe, 0x7b]).toString('base64url'),
      Buffer.from([0xc3]).toString('base64url'),
      Buffer.from([0xed, 0xa0, 0x80]).toString('base64url'),
      Buffer.from('{"preset":"at-least-once"', 'utf8').toString('base64url'),
    ),
  );

/** One change to a link. */
const linkOp = (pairs: LinkPairs): fc.Arbitrary<(p: LinkPairs) => LinkPairs> =>
  fc.oneof(
    fc.tuple(fc.nat(), junkValue).map(([i, v]) => (p: LinkPairs) => p.map((x, k): [string, string] => (k === i % Math.max(1, p.length) ? [x[0], v] : x))),
    fc.tuple(fc.nat(), fc.constantFrom(...NAMES), junkValue).map(([i, n, v]) => (p: LinkPairs) => [...p.slice(0, i % (p.length + 1)), [n, v], ...p.slice(i % (p.length + 1))] as LinkPairs),
    fc.nat().map((i) => (p: LinkPairs) => p.filter((_, k) => k !== i % Math.max(1, p.length))),
    fc.tuple(fc.nat(), fc.constantFrom('Preset', 'PRESET', '__proto__', 'constructor', 'custom[]', '')).map(([i, n]) => (p: LinkPairs) => p.map((x, k): [string, string] => (k === i % Math.max(1, p.length) ? [n, x[1]] : x))),
    // A JSON part mutated as JSON (then encoded again), or damaged as base64url.
    ...pairs
      .filter(([n, v]) => JSON_PARTS.has(n) && !v.startsWith('{'))
      .flatMap(([n, v]) => {
        const json = Buffer.from(v, 'base64url').toString('utf8');
        const replaced = (x: string) => (p: LinkPairs) => p.map((pair) => (pair[0] === n ? [n, x] : pair)) as LinkPairs;
        return [mutateJson(json).map((j) => replaced(Buffer.from(j, 'utf8').toString('base64url'))), mutateJson(json).map(replaced), b64Damage(v).map(replaced)];
      }),
    // A part given as data for a link that had none.
    fc.tuple(fc.constantFrom('custom', 'settings', 'faults'), fc.oneof(scenarioText, junkText)).map(([n, text]) => (p: LinkPairs) => [...p, [n, Buffer.from(text, 'utf8').toString('base64url')]] as LinkPairs),
  );

/** A link's query string, percent-encoded as a browser would (or, sometimes, as typed: raw `&`, `%`, `#`). */
function search(pairs: LinkPairs, raw: boolean): string {
  const enc = raw ? (s: string) => s : encodeURIComponent;
  return `?${pairs.map(([n, v]) => `${enc(n)}=${enc(v)}`).join('&')}`;
}

/** A mutated link: a valid one with 1 to 3 changes. */
export const mutatedLink: fc.Arbitrary<string> = fc
  .constantFrom(...BASE_LINKS)
  .chain((pairs) => fc.tuple(fc.constant(pairs), fc.array(linkOp(pairs), { minLength: 1, maxLength: 3 }), fc.boolean()))
  .map(([pairs, ops, raw]) => search(ops.reduce((p, op) => op(p), pairs.map((x) => [...x] as [string, string])), raw));

/** A junk link: any text after `?`. */
export const junkLink: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 80 }).map((s) => `?${s}`),
  fc.string({ unit: 'binary', maxLength: 40 }).map((s) => `?${encodeURIComponent(s)}`),
  fc.constantFrom('?', '?&&&', '?=', '?preset', '?preset=&scenario=', '?%', '?%E0%A4%A', '?custom=%FF', `?custom=${'A'.repeat(300 * 1024)}`, '?lang=ko&lang=en', '?step=1&step=2'),
);
