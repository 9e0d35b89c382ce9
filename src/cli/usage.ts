/**
 * The help text, kept apart from the parser so args.ts stays about parsing. The lists of kinds,
 * nodes and points come from the engine, so the help cannot fall behind it.
 */
import { CRASH_POINTS, MESSAGE_KINDS, NODE_NAME_HINT, PRESET_NAMES } from '../engine';

/** The help text; `bundled` are the ids of the scenarios that ship with the lab. */
export function usage(bundled: readonly string[]): string {
  const list = (items: readonly string[], indent: string) => wrapList(items, indent, 96);
  return `Usage: npm run sim -- <scenario.json | preset | scenario-id> [options]

Runs one Delivery Lab scenario on the virtual clock and reports what happened to each message.

Scenario:
  <file.json>           a scenario file, as the app exports it
  <preset>              ${PRESET_NAMES.join(' | ')}
                        (the preset's settings; 3 messages and seed 1 unless flags say otherwise)
  <scenario-id>         a bundled scenario (src/scenarios/<id>.json):
${list(bundled, '                          ')}

Options:
  --seed N              seed of the random number generator
  --messages N          produce N messages, 10 ms apart (replaces the scenario's produce)
  --horizon MS          stop at this virtual time (default 600000)
  --json                print one JSON document: scenario, settings, summary, messages,
                        steps, traceHash, expectation
  --lang en|ko          language of --trace (default en)
  --trace               also print every step in plain language
  -h, --help            print this help

Faults (each may repeat; added to the scenario's faults; times are virtual ms):
  --drop <Kind>:<nth>[@atMs]         lose the nth message of a kind, e.g. --drop ProduceResponse:2
  --delay <Kind>:<nth>:<ms>          deliver it ms later
  --duplicate <Kind>:<nth>           deliver it twice
  --crash <node>@<ms>[+<restartAfterMs>]
                                     crash a node at a time, and restart it after a while
  --crash <node>@<point>[#<nth>][+<restartAfterMs>]
                                     crash at the nth time a node reaches a point, e.g.
                                     --crash consumer@after-processing-before-commit+100
  --reject <nth>                     the broker answers the nth ProduceRequest with
                                     NOT_ENOUGH_REPLICAS (retriable; injected: one broker)
  --fail sink-write:<nth>            the database transaction of the nth SinkWrite fails
                                     (rolled back, the consumer gets an error)
  --restart <node>@<ms>              restart a crashed node
  --cut <a>-<b>@<fromMs>-<toMs>      cut a link, e.g. --cut producer-broker@100-2000 (or a~b)

  Kinds:
${list(MESSAGE_KINDS, '    ')}
  Nodes:  ${NODE_NAME_HINT}
  Points:
${list(Object.entries(CRASH_POINTS).map(([p, n]) => `${p} (${n})`), '    ')}

Exit status: 0 the run finished (and matched its "expect", if it has one); 1 it did not match;
2 bad input (each problem is printed as "error: <field or flag>: <message>").`;
}

function wrapList(items: readonly string[], indent: string, width: number): string {
  const lines: string[] = [];
  let line = indent;
  for (const [i, item] of items.entries()) {
    const piece = item + (i < items.length - 1 ? ',' : '');
    if (line.length > indent.length && line.length + 1 + piece.length > width) {
      lines.push(line);
      line = indent;
    }
    line += (line.length > indent.length ? ' ' : '') + piece;
  }
  lines.push(line);
  return lines.join('\n');
}
