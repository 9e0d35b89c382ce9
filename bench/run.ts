/** `npm run bench`: prints figures; asserts nothing (benchmarks are not tests). */
import { benchBrowser } from './browser';
import { benchEngine, IDEMPOTENT_CONSUMER, TRANSACTIONS_3_PARTITIONS } from './engine';
import { benchExplore } from './explore';

function print(e: ReturnType<typeof benchEngine>) {
  console.log(`Engine: ${e.messages.toLocaleString('en-US')} messages, ${e.label}, 1% random message loss (${e.runs} runs)`);
  console.log(`  simulated events per run:  ${e.simulatedEvents.toLocaleString('en-US')} (${e.traceEvents.toLocaleString('en-US')} trace events)`);
  console.log(`  events per second:         best ${e.best.eventsPerSecond.toLocaleString('en-US')}, median ${e.median.eventsPerSecond.toLocaleString('en-US')}   (target >= 50,000)`);
  console.log(`  cost per event:            best ${e.best.microsPerEvent} µs, median ${e.median.microsPerEvent} µs`);
  console.log(`  bare xstate actor.send:    ${e.bareActorSendMicros} µs (trivial two-state machine, same process)`);
  console.log(`  ratio (event / send):      best ${e.best.ratio}, median ${e.median.ratio}   (target <= 5)`);
  if (e.appendedPerPartition) {
    console.log(`  records per partition:     ${e.appendedPerPartition.map((n, p) => `p${p} ${n.toLocaleString('en-US')}`).join(', ')} (input topic appends)`);
  }
  console.log(`  outcome:                   lost ${e.outcome.lost}, duplicated ${e.outcome.duplicated}, log duplicates ${e.outcome.logDuplicates}, ended ${e.outcome.end}`);
}

print(benchEngine(IDEMPOTENT_CONSUMER));
console.log();
print(benchEngine(TRANSACTIONS_3_PARTITIONS));
console.log();
await benchExplore();
console.log();
await benchBrowser();
