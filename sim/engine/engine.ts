import { EventQueue } from './event-queue.ts';
import { HorizonError, Timebase, type ClockDomain } from './clock-domain.ts';

/** An event handler: registered once, called with the event's integer payload. */
export type EventHandler = (payload: number) => void;

/**
 * The discrete-event kernel. It knows nothing about what it simulates: components register
 * handlers (getting an integer id) and schedule (time, handler, payload) events; `run`
 * dispatches them in (time, scheduling order). Time is integer ticks of `timebase`.
 */
export class Engine {
  readonly timebase: Timebase;
  private readonly queue = new EventQueue(4096);
  private readonly handlers: EventHandler[] = [];
  private readonly handlerNames: string[] = [];
  private current = 0;
  private processed = 0;

  constructor(clocksHz: readonly number[]) {
    this.timebase = new Timebase(clocksHz);
  }

  clock(hz: number): ClockDomain {
    return this.timebase.domain(hz);
  }

  /** Current simulation time in ticks. */
  get now(): number {
    return this.current;
  }

  /** Events dispatched so far. */
  get eventsProcessed(): number {
    return this.processed;
  }

  get pendingEvents(): number {
    return this.queue.size;
  }

  /**
   * Time of the earliest pending event (Infinity when none). Read-only: a component that
   * fast-forwards a stretch of its own activity checks that nothing else could act before
   * the stretch ends (superseded events still count, which only makes it stop earlier).
   */
  nextEventTime(): number {
    return this.queue.peekTime();
  }

  register(name: string, handler: EventHandler): number {
    this.handlers.push(handler);
    this.handlerNames.push(name);
    return this.handlers.length - 1;
  }

  /** Schedule at an absolute time (ticks); never in the past. */
  schedule(time: number, handlerId: number, payload = 0): void {
    if (!(time >= this.current)) {
      throw new RangeError(
        `event for '${this.handlerNames[handlerId] ?? handlerId}' scheduled at ${time}, before now (${this.current})`,
      );
    }
    if (time > Number.MAX_SAFE_INTEGER) throw new HorizonError(time, this.timebase.ticksPerSecond);
    this.queue.push(time, handlerId, payload);
  }

  /** Dispatch events until none remain or the next one is after `until` (ticks). */
  run(until = Infinity): void {
    const q = this.queue;
    const handlers = this.handlers;
    while (q.size > 0 && q.peekTime() <= until) {
      q.pop();
      this.current = q.poppedTime;
      this.processed++;
      handlers[q.poppedHandler]!(q.poppedPayload);
    }
  }
}
