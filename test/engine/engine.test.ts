import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.ts';
import { Wakeup } from '../../sim/engine/wakeup.ts';

describe('Engine', () => {
  it('dispatches handlers by id in time order, ties in scheduling order', () => {
    const e = new Engine([1000]);
    const log: string[] = [];
    const a = e.register('a', (p) => log.push(`a${p}@${e.now}`));
    const b = e.register('b', (p) => {
      log.push(`b${p}@${e.now}`);
      if (p < 2) e.schedule(e.now, b, p + 1); // same-time events run after those already queued
    });
    e.schedule(10, b, 0);
    e.schedule(10, a, 0);
    e.schedule(5, a, 1);
    e.run();
    expect(log).toEqual(['a1@5', 'b0@10', 'a0@10', 'b1@10', 'b2@10']);
    expect(e.eventsProcessed).toBe(5);
  });

  it('rejects events in the past and stops at `until`', () => {
    const e = new Engine([1000]);
    const h = e.register('h', () => {});
    e.schedule(10, h);
    e.schedule(20, h);
    e.run(15);
    expect(e.now).toBe(10);
    expect(e.pendingEvents).toBe(1);
    expect(() => e.schedule(5, h)).toThrow(/before now/);
  });

  it('Wakeup keeps only the earliest pending request', () => {
    const e = new Engine([1000]);
    const at: number[] = [];
    const w = new Wakeup(e, 'w', () => at.push(e.now));
    w.at(30);
    w.at(10);
    w.at(20); // later than pending: ignored
    e.run();
    expect(at).toEqual([10]);
    w.at(40);
    e.run();
    expect(at).toEqual([10, 40]);
  });
});
