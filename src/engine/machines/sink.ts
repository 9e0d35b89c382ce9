/** The database as an xstate machine: `up` applies writes, `down` drops them (tables stay on disk, the cache is lost). */
import { enqueueActions, setup } from 'xstate';
import { initialSinkContext, onSinkCommit, onSinkOffsetFetch, onSinkWrite, sinkCrashed, type SinkContext, type SinkTimer } from '../logic/sink';
import { stepRunner, trace, type Emitted, type LifecycleEvent, type ReceiveEvent, type Timed } from './effects';

export type SinkEvent = Extract<ReceiveEvent, { type: 'RECEIVE.SinkWrite' | 'RECEIVE.SinkOffsetFetchRequest' }> | (Timed & SinkTimer) | LifecycleEvent;

export interface SinkInput {
  /** consumerApp.sinkWriteMs: how long one transaction takes. */
  writeMs: number;
}

const run = stepRunner<SinkContext, SinkEvent, SinkTimer>();

export const sinkMachine = setup({
  types: { context: {} as SinkContext, events: {} as SinkEvent, input: {} as SinkInput, emitted: {} as Emitted },
}).createMachine({
  id: 'sink',
  context: ({ input }) => initialSinkContext(input?.writeMs ?? 0),
  initial: 'up',
  states: {
    up: {
      on: {
        'RECEIVE.SinkWrite': { actions: run<'RECEIVE.SinkWrite'>((c, e) => onSinkWrite(c, e.msg, e.msg.payload, e.now, e.failWrite === true)) },
        SINK_COMMIT: { actions: run<'SINK_COMMIT'>((c, e) => onSinkCommit(c, e.requestId, e.now)) },
        'RECEIVE.SinkOffsetFetchRequest': { actions: run<'RECEIVE.SinkOffsetFetchRequest'>((c, e) => onSinkOffsetFetch(c, e.msg, e.msg.payload)) },
        CRASH: {
          target: 'down',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const point = event.type === 'CRASH' ? event.point : null;
            const crashed = sinkCrashed(context, event.now);
            enqueue.emit(trace({ type: 'node.crashed', node: 'sink', point, lost: crashed.lost }));
            enqueue.assign(crashed.context);
          }),
        },
      },
    },
    down: { tags: ['down'], on: { RESTART: 'up' } },
  },
});

export type SinkSnapshot = ReturnType<typeof sinkMachine.getInitialSnapshot>;
