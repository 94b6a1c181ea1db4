import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../sim/engine/event-queue.ts';
import { hash32 } from '../../sim/engine/hash32.ts';

describe('EventQueue', () => {
  it('pops in (time, scheduling order) and grows past its initial capacity', () => {
    const q = new EventQueue(2);
    const pushed: { time: number; payload: number }[] = [];
    for (let i = 0; i < 5000; i++) {
      const time = hash32(7, i) % 100; // many ties
      q.push(time, 0, i);
      pushed.push({ time, payload: i });
    }
    const expected = [...pushed].sort((a, b) => a.time - b.time || a.payload - b.payload);
    const got: { time: number; payload: number }[] = [];
    while (q.pop()) got.push({ time: q.poppedTime, payload: q.poppedPayload });
    expect(got).toEqual(expected);
    expect(q.size).toBe(0);
    expect(q.peekTime()).toBe(Infinity);
  });

  it('keeps FIFO order among equal times when pushes interleave with pops', () => {
    const q = new EventQueue();
    q.push(5, 1, 1);
    q.push(3, 1, 2);
    q.pop();
    expect(q.poppedPayload).toBe(2);
    q.push(5, 1, 3);
    q.push(5, 1, 4);
    const order: number[] = [];
    while (q.pop()) order.push(q.poppedPayload);
    expect(order).toEqual([1, 3, 4]);
  });
});
