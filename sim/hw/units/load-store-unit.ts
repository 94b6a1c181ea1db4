import type { Engine } from '../../engine/engine.ts';
import type { ClockDomain } from '../../engine/clock-domain.ts';
import { Wakeup } from '../../engine/wakeup.ts';
import type { MemoryPort, PortClient } from '../memory/memory-port.ts';

/** Told when a memory-driven unit's instruction has finished (its last busy cycle). */
export type UnitDoneCallback = (lastBusyCycle: number) => void;

/**
 * Load/store unit timing (`ldv`/`sv`: d bytes over the memory port). The unit accepts the
 * instruction in its first busy cycle (issue + 1) and sends the first request in that
 * cycle; afterwards a new request goes out in the same cycle a response frees a slot (the
 * RTL raises the next address as the previous data arrives), at most one per cycle. The
 * unit is busy until the cycle the last response arrives, so with one access outstanding
 * and a round trip of r cycles, B = r·⌈d / request bytes⌉ + 1.
 * Values are moved by the core at issue; this class only times the transfer.
 */
export class LoadStoreUnit implements PortClient {
  private readonly client: number;
  private readonly wake: Wakeup;
  /** Where a fast-forwarded stretch stops: the unit goes on at that cycle for real. */
  private readonly resume: Wakeup;
  private base = 0;
  private total = 0;
  private sent = 0;
  private received = 0;
  private write = false;
  private inFlight = 0;
  private lastSendCycle = -1;
  private done: UnitDoneCallback = () => {};
  private readonly chunk: number;
  busy = false;

  constructor(
    private readonly engine: Engine,
    private readonly clock: ClockDomain,
    private readonly port: MemoryPort,
    private readonly outstanding: number,
    chunkBytes: number,
  ) {
    this.chunk = Math.min(chunkBytes, port.maxRequestBytes);
    this.client = port.attach(this);
    this.wake = new Wakeup(engine, 'load_store.pump', () => this.pump());
    this.resume = new Wakeup(engine, 'load_store.resume', () => this.pump());
  }

  start(issueCycle: number, addr: number, bytes: number, write: boolean, done: UnitDoneCallback): void {
    this.base = addr;
    this.total = bytes;
    this.sent = 0;
    this.received = 0;
    this.write = write;
    this.inFlight = 0;
    this.lastSendCycle = issueCycle;
    this.done = done;
    this.busy = true;
    if (bytes === 0) {
      this.busy = false;
      done(issueCycle + 1);
      return;
    }
    this.wake.at(this.clock.timeOf(issueCycle + 1));
  }

  /**
   * Send what can be sent now. With fast-forwarding (docs/run.md) and one request in flight
   * at most, a request whose round trip the port can complete before any other pending
   * event (an isolated read, or write on a memory that serves those, or any request run
   * through the memory as the port's events would) is answered on the spot and the unit
   * goes on in the response's cycle, as `onResponse` would; once one has been, the rest
   * follow in closed form (`periodicRun`). The last request's response ends the
   * instruction, so it arrives by event. Where that stops, the unit resumes at that cycle
   * by a wake-up of its own.
   */
  private pump(): void {
    let cycle = this.clock.cycleAtOrAfter(this.engine.now);
    let before = -1;
    let isolated = false;
    let roundTrip = 0; // the last isolated request's, while `isolated`
    let ahead = false;
    let skipped = 0;
    for (;;) {
      if (this.sent >= this.total || this.inFlight >= this.outstanding) break;
      if (cycle <= this.lastSendCycle) {
        this.wake.at(this.clock.timeOf(this.lastSendCycle + 1));
        break;
      }
      const addr = this.base + this.sent;
      const bytes = this.port.requestBytesAt(addr, Math.min(this.chunk, this.total - this.sent));
      let arrival = -2;
      if (this.port.fastForward && this.outstanding === 1 && this.inFlight === 0) {
        if (before < 0) before = this.engine.nextEventTime();
        const last = this.sent + bytes >= this.total;
        if (isolated && !last) {
          const n = this.periodicRun(addr, bytes, cycle, roundTrip, before);
          if (n > 0) {
            skipped += n;
            cycle += n * roundTrip;
            continue;
          }
        }
        arrival = last ? -1 : this.write ? this.port.isolatedWrite(addr, bytes, cycle, before) : this.port.isolatedRead(addr, bytes, cycle, before);
        if (arrival >= 0) {
          isolated = true;
          roundTrip = arrival - cycle;
        } else {
          if (isolated) {
            this.port.endIsolatedReads(cycle);
            isolated = false;
          }
          arrival = this.port.sendAt(this.client, bytes, addr, bytes, this.write, cycle, before, !last);
        }
      }
      if (arrival === -2) {
        if (ahead) {
          this.resume.at(this.clock.timeOf(cycle));
          break;
        }
        if (!this.port.request(this.client, bytes, addr, bytes, this.write)) break;
      }
      this.sent += bytes;
      this.inFlight++;
      this.lastSendCycle = cycle;
      if (arrival >= 0) {
        // Its response, as onResponse handles it (not the last: the instruction goes on).
        this.inFlight--;
        this.received += bytes;
        skipped++;
        ahead = true;
        cycle = arrival;
        continue;
      }
      if (this.sent < this.total && this.inFlight < this.outstanding) this.wake.at(this.clock.timeOf(cycle + 1));
      break;
    }
    if (isolated) this.port.endIsolatedReads(cycle);
    if (skipped > 0) {
      this.port.fastForwardStats.requestsSkipped += skipped;
      this.port.fastForwardStats.stretches++;
    }
  }

  /**
   * Many isolated requests in one step, continuing a stretch whose last request, sent P
   * cycles before `s`, was answered at `s`: in `pump`'s loop each isolated request of b
   * bytes sent at cycle c is answered at c + P and the next goes out in that same cycle
   * (nothing else waits: one request outstanding, no FIFO), so request j of the run goes
   * out at s + jP, the port's `isolatedReadRun` (`isolatedWriteRun`) with stride = period
   * = P, which serves exactly what that many `isolatedRead` (`isolatedWrite`) calls would
   * and checks P against the memory's isolated round trip. All are b bytes — b is the
   * unit's chunk and no request crosses a block of the memory's largest request — and none
   * is the transfer's last. The state left is the loop's after its n-th response: n·b more
   * bytes sent and received, the last sent at s + (n−1)P; the caller goes on at s + nP.
   * Returns n, or 0 when it does not apply (nothing changed).
   */
  private periodicRun(addr: number, b: number, s: number, P: number, before: number): number {
    if (P < 1 || b !== this.chunk) return 0;
    const block = this.port.maxRequestBytes;
    if (b !== 1 && (block % b !== 0 || addr % b !== 0)) return 0;
    // Requests j = 0 … max−1 all leave bytes after them: none is the last.
    const max = Math.floor((this.total - this.sent - 1) / b);
    if (max < 1) return 0;
    const n = this.write ? this.port.isolatedWriteRun(addr, b, s, P, 1, max, before) : this.port.isolatedReadRun(addr, b, s, P, 1, max, before);
    if (n <= 0) return 0;
    this.sent += n * b;
    this.received += n * b;
    this.lastSendCycle = s + (n - 1) * P;
    this.port.fastForwardStats.closedFormRuns++;
    return n;
  }

  onResponse(bytes: number, coreCycle: number): void {
    this.inFlight--;
    this.received += bytes;
    if (this.received >= this.total) {
      this.busy = false;
      this.done(coreCycle);
      return;
    }
    this.pump();
  }

  onRetry(coreCycle: number): void {
    this.wake.at(this.clock.timeOf(coreCycle));
  }
}
