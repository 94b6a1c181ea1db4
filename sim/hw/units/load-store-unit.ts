import type { Engine } from '../../engine/engine.ts';
import type { ClockDomain } from '../../engine/clock-domain.ts';
import { Wakeup } from '../../engine/component.ts';
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

  private pump(): void {
    const cycle = this.clock.cycleAtOrAfter(this.engine.now);
    if (this.sent >= this.total || this.inFlight >= this.outstanding) return;
    if (cycle <= this.lastSendCycle) {
      this.wake.at(this.clock.timeOf(this.lastSendCycle + 1));
      return;
    }
    const bytes = this.port.requestBytesAt(this.base + this.sent, Math.min(this.chunk, this.total - this.sent));
    if (!this.port.request(this.client, bytes, this.base + this.sent, bytes, this.write)) return;
    this.sent += bytes;
    this.inFlight++;
    this.lastSendCycle = cycle;
    if (this.sent < this.total && this.inFlight < this.outstanding) this.wake.at(this.clock.timeOf(cycle + 1));
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
