/** Collects a chain's links: one per trace event, in the run's order whatever order they were found in. */
import type { NodeId } from '../types';
import type { Found, TraceIndex } from './trace';
import type { WhyKind, WhyLink, WhyVars } from './types';

export class Links {
  private readonly byEvent = new Map<string, WhyLink>();

  constructor(private readonly trace: TraceIndex) {}

  /** Adds the link `kind` for the event found (nothing if it was not found, or already has a link). */
  add(kind: WhyKind, found: Found | undefined, nodes: readonly NodeId[], vars: WhyVars = {}, netIds: readonly number[] = []): Found | undefined {
    if (!found) return undefined;
    const key = `${found.step}:${found.index}`;
    if (!this.byEvent.has(key)) {
      const time = this.trace.steps[found.step]!.time;
      this.byEvent.set(key, { kind, step: found.step, time, index: found.index, event: found.event.type, nodes: [...new Set(nodes)], netIds, vars });
    }
    return found;
  }

  has(found: Found): boolean {
    return this.byEvent.has(`${found.step}:${found.index}`);
  }

  /** The links in the run's order (by step, then by the event's place in its step). */
  list(): WhyLink[] {
    return [...this.byEvent.values()].sort((a, b) => a.step - b.step || a.index - b.index);
  }
}
