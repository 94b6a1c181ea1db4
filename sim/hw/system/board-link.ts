import type { ClockDomain } from '../../engine/clock-domain.ts';
import type { Engine } from '../../engine/engine.ts';

/** The link between boards, resolved to numbers (from the arch's `system.link`). */
export interface BoardLinkConfig {
  /** Line rate per direction, bits/s. */
  lineBitsPerS: number;
  /** Payload fraction after line coding (64b/66b: 64/66). */
  codingEfficiency: number;
  framePayloadBytes: number;
  frameOverheadBytes: number;
  /** From the last bit sent to its arrival, in seconds. */
  latencyS: number;
}

/** What crossed the link over a run. */
export interface BoardLinkStats {
  messages: number;
  /** Bytes the boards handed to the link (the activations). */
  payload_bytes: number;
  /** Bytes on the wire: payload plus framing. */
  wire_bytes: number;
  /** Core cycles each board's transmit port was serialising. */
  busy_cycles_per_port: number[];
}

/**
 * Full-duplex point-to-point serial ports, one transmit port per board. A message is cut
 * into frames (payload + overhead bytes each) serialised back to back on the sender's port
 * (a port sends one message at a time, in the order they were handed over); it arrives
 * `latency` after its last bit, and its arrival is an event in the engine that hands the
 * receiver the message. Time is counted in whole core cycles (serialisation and latency
 * rounded up), so every event is on the core clock.
 */
export class BoardLink {
  private readonly portFree: number[];
  private readonly bitsPerCycle: number;
  private readonly latencyCycles: number;
  private readonly handler: number;
  private readonly pending = new Map<number, (arrival: number) => void>();
  private nextId = 0;
  readonly stats: BoardLinkStats;

  constructor(
    private readonly engine: Engine,
    private readonly clock: ClockDomain,
    ports: number,
    readonly config: BoardLinkConfig,
  ) {
    this.portFree = new Array<number>(ports).fill(0);
    this.bitsPerCycle = config.lineBitsPerS / clock.hz;
    this.latencyCycles = Math.ceil(config.latencyS * clock.hz - 1e-9);
    this.stats = { messages: 0, payload_bytes: 0, wire_bytes: 0, busy_cycles_per_port: new Array<number>(ports).fill(0) };
    this.handler = engine.register('board-link.arrival', (id) => {
      const deliver = this.pending.get(id)!;
      this.pending.delete(id);
      deliver(this.clock.cycleAtOrBefore(this.engine.now));
    });
  }

  /** Bytes on the wire for a message of `bytes` payload. */
  wireBytes(bytes: number): number {
    const frames = Math.max(1, Math.ceil(bytes / this.config.framePayloadBytes));
    return bytes + frames * this.config.frameOverheadBytes;
  }

  /** Core cycles the sender's port needs to serialise a message of `bytes` payload (64b/66b coding included). */
  serialisationCycles(bytes: number): number {
    return Math.ceil((this.wireBytes(bytes) * 8) / (this.bitsPerCycle * this.config.codingEfficiency) - 1e-9);
  }

  /** Hand `bytes` to board `from`'s transmit port at core cycle `cycle`; `onArrive(cycle)` runs as an engine event at its arrival. */
  send(from: number, bytes: number, cycle: number, onArrive: (arrival: number) => void): void {
    const start = Math.max(cycle, this.portFree[from]!);
    const ser = this.serialisationCycles(bytes);
    this.portFree[from] = start + ser;
    this.stats.messages++;
    this.stats.payload_bytes += bytes;
    this.stats.wire_bytes += this.wireBytes(bytes);
    this.stats.busy_cycles_per_port[from]! += ser;
    const id = this.nextId++;
    this.pending.set(id, onArrive);
    this.engine.schedule(this.clock.timeOf(start + ser + this.latencyCycles), this.handler, id);
  }
}
