/** `npm run bench`: prints figures; asserts nothing (benchmarks are not tests). */
import { benchEngine } from './engine';

const engine = benchEngine();
console.log('Engine (10,000 messages, exactly-once, 1% random message loss)');
console.log(`  simulated events:        ${engine.simulatedEvents} (${engine.traceEvents} trace events) in ${engine.runMs} ms`);
console.log(`  events per second:       ${engine.eventsPerSecond.toLocaleString('en-US')}   (target >= 50,000)`);
console.log(`  cost per event:          ${engine.microsPerEvent} µs`);
console.log(`  bare xstate actor.send:  ${engine.bareActorSendMicros} µs`);
console.log(`  ratio:                   ${engine.ratio}   (target <= 5)`);
console.log(`  outcome:                 lost ${engine.outcome.lost}, duplicated ${engine.outcome.duplicated}, log duplicates ${engine.outcome.logDuplicates}, ended ${engine.outcome.end}`);
