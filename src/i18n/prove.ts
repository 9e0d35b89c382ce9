/**
 * The words of Prove it, in English (the Korean are in proveKo.ts). They ship with the panel's own
 * chunk and are added to the page's i18n when it first renders (not in the first page load).
 */
export const proveEn = {
  heading: 'Prove it',
  question: 'Is there any way to break this run?',
  what: 'Runs this run\'s settings and messages under every schedule of up to k faults, each until the run is quiet, and checks each: no message lost, none with a second effect, first effects in order per key.',
  faults: 'The faults: each message lost on the network; each produce answered NOT_ENOUGH_REPLICAS (acks=all); each node crashed at each of its meaningful points, restarted 2 s later. Faults that would come after the run is quiet are never tried.',
  ownFaults: 'The run\'s own faults ({{count}}) are left out: the search adds its own. Late starters, poison messages and re-drives stay, as part of the workload.',
  maxFaults: 'Faults per schedule',
  copies: 'Also the network delivering a message twice (a what-if: TCP never does)',
  start: 'Prove it',
  again: 'Run again',
  cancel: 'Cancel',
  progress: 'Searching',
  counts: '{{explored}} schedules · {{percent}}% · {{seconds}} s · {{perSecond}}/s · {{workers}} workers',
  counts_one: '{{explored}} schedules · {{percent}}% · {{seconds}} s · {{perSecond}}/s · 1 worker',
  shared: '{{run}} steps run; {{shared}} steps shared with the run each schedule was forked from, instead of running them again.',
  unsettled: '{{count}} schedules did not settle before the run\'s horizon (their retries come later): not checked.',
  verdict: {
    running: 'Searching every schedule of up to {{count}} faults…',
    running_one: 'Searching every schedule of 1 fault…',
    holds: 'No schedule of up to {{count}} faults breaks it: {{explored}} schedules, none lost a message, gave one a second effect or reordered a key.',
    holds_one: 'No schedule of 1 fault breaks it: {{explored}} schedules, none lost a message, gave one a second effect or reordered a key.',
    broken: 'Broken: {{n}} of {{explored}} schedules break the guarantee. The shortest counterexample needs {{count}} faults.',
    broken_one: 'Broken: {{n}} of {{explored}} schedules break the guarantee. The shortest counterexample needs 1 fault.',
    cancelled: 'Cancelled after {{explored}} schedules ({{percent}}%): what was found so far.',
    failed: 'The search stopped: {{error}}',
    noWorkers: 'This browser cannot run the search in the background (no Web Workers).',
    longRun: 'Prove it explores runs of a few messages; a long run has far too many steps to explore. Try it on the same scenario with a few messages.',
  },
  violation: {
    lost: 'Lost',
    duplicated: 'Second effect',
    outOfOrder: 'Out of key order',
  },
  found: '{{n}} schedules',
  none: 'none',
  shortest: 'Shortest: {{count}} faults, {{steps}} steps, {{messages}}',
  shortest_one: 'Shortest: 1 fault, {{steps}} steps, {{messages}}',
  replay: 'Replay on the stage',
  stale: 'These results are for the run as it was when the search started ({{steps}} steps); the stage shows another run now.',
  replaying: {
    heading: 'Counterexample on the stage: {{violation}}',
    what: 'Prove it\'s shortest schedule for this, run as a scenario of its own. Its faults:',
    firedAt: 'Fired at step',
    messages: 'Messages it breaks: {{messages}}',
    close: 'Close',
  },
};

export type ProveTexts = typeof proveEn;
