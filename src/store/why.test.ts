/** The why slice: a chain opened from the run shown, its highlights, and closed by another run. */
import { describe, expect, it } from 'vitest';
import { createTestStore } from './testing';

describe('the why slice', () => {
  it('opens the chain of a duplicate with its nodes and network messages, and closes', async () => {
    const store = createTestStore({ storage: null, search: '?scenario=alo-lost-ack' });
    await store.getState().openWhy({ messageId: 'm2', effect: 2 });
    const why = store.getState().why!;
    expect(why.chain.links.map((l) => l.kind)).toEqual(['send', 'append', 'ack-lost', 'retry', 'append', 'poll', 'effect']);
    expect(why.nodes).toEqual(expect.arrayContaining(['producer', 'broker', 'consumer', 'sink']));
    const dropped = store.getState().packets.find((p) => p.kind === 'ProduceResponse' && p.outcome === 'dropped')!;
    expect(why.netIds.has(dropped.id)).toBe(true);
    store.getState().closeWhy();
    expect(store.getState().why).toBeNull();
  });

  it('is closed by another run, and opens nothing for an effect the run does not have', async () => {
    const store = createTestStore({ storage: null, search: '?scenario=amo-lost-request' });
    await store.getState().openWhy({ messageId: 'm2', loss: true });
    expect(store.getState().why?.chain.links.at(-1)?.kind).toBe('no-effect');
    store.getState().setSeed(9);
    expect(store.getState().why).toBeNull();
    await store.getState().openWhy({ messageId: 'm2', effect: 1 });
    expect(store.getState().why).toBeNull();
  });
});
