/**
 * Physical address → (channel, rank, bank group, bank, row, column) by a Ramulator-style
 * mapping string: two-letter fields from the most significant bit down, above the 64-byte
 * burst offset. `rochrababgco` keeps consecutive bursts in one row of one bank (the column
 * bits are lowest); `rochrabacobg` puts the bank group lowest so consecutive bursts rotate
 * over bank groups and stream at tCCD_S. Bits above the memory's capacity are ignored, as an
 * address decoder ignores unused high lines.
 */
export type AddressField = 'ro' | 'ch' | 'ra' | 'bg' | 'ba' | 'co';

export interface AddressGeometry {
  channels: number;
  ranks: number;
  bankGroups: number;
  banksPerGroup: number;
  rows: number;
  /** Bursts per row (device columns / burst length). */
  burstsPerRow: number;
  /** Bytes per burst (64 for a 64-bit bus and BL8). */
  burstBytes: number;
}

/** Decoded location; reused by the caller, so decoding allocates nothing. */
export interface DecodedAddress {
  channel: number;
  rank: number;
  bankGroup: number;
  bank: number;
  row: number;
  column: number;
}

export class AddressMapping {
  readonly fields: readonly AddressField[];
  /** Capacity in bytes covered by the mapping. */
  readonly capacityBytes: number;
  // Per field, LSB first: size (a power of two) and which DecodedAddress slot it fills.
  private readonly sizes: Int32Array;
  private readonly slots: Int32Array;

  constructor(mapping: string, g: AddressGeometry) {
    const fields = (mapping.match(/../g) ?? []) as AddressField[];
    const all: AddressField[] = ['ro', 'ch', 'ra', 'bg', 'ba', 'co'];
    if (fields.length !== 6 || all.some((f) => !fields.includes(f)) || fields.join('') !== mapping) {
      throw new RangeError(`address mapping '${mapping}' must name each of ${all.join(', ')} once`);
    }
    const size: Record<AddressField, number> = {
      ro: g.rows,
      ch: g.channels,
      ra: g.ranks,
      bg: g.bankGroups,
      ba: g.banksPerGroup,
      co: g.burstsPerRow,
    };
    for (const f of all) {
      if (size[f] < 1 || (size[f] & (size[f] - 1)) !== 0) throw new RangeError(`address field ${f} size ${size[f]} is not a power of two`);
    }
    this.fields = fields;
    const lsbFirst = [...fields].reverse();
    this.sizes = Int32Array.from(lsbFirst, (f) => size[f]);
    this.slots = Int32Array.from(lsbFirst, (f) => all.indexOf(f));
    this.burstBytes = g.burstBytes;
    this.capacityBursts = lsbFirst.reduce((acc, f) => acc * size[f], 1);
    // Bit offset and mask of each field (in DecodedAddress order: ro ch ra bg ba co) in a
    // burst index below 2^31.
    this.fieldShift = new Int32Array(6);
    this.fieldMask = new Int32Array(6);
    let bit = 0;
    for (const f of lsbFirst) {
      this.fieldShift[all.indexOf(f)] = bit;
      this.fieldMask[all.indexOf(f)] = size[f] - 1;
      bit += Math.log2(size[f]);
    }
    this.capacityBytes = this.capacityBursts * g.burstBytes;
  }

  private readonly burstBytes: number;
  private readonly capacityBursts: number;
  private readonly fieldShift: Int32Array;
  private readonly fieldMask: Int32Array;

  /** Decode a byte address into `out`. */
  decode(addr: number, out: DecodedAddress): void {
    // Burst index below the capacity; it fits in 31 bits for any memory up to 128 GB per
    // mapping, so the fields come out with shifts and masks (no floating-point modulo).
    let rest = Math.floor(addr / this.burstBytes);
    if (rest >= this.capacityBursts) rest %= this.capacityBursts;
    if (rest > 0x7fffffff) {
      this.decodeWide(rest, out);
      return;
    }
    // Each field is one shift and mask (bit offsets precomputed): no loop, no branch.
    const f = this.fieldShift;
    const m = this.fieldMask;
    out.row = (rest >>> f[0]!) & m[0]!;
    out.channel = (rest >>> f[1]!) & m[1]!;
    out.rank = (rest >>> f[2]!) & m[2]!;
    out.bankGroup = (rest >>> f[3]!) & m[3]!;
    out.bank = (rest >>> f[4]!) & m[4]!;
    out.column = (rest >>> f[5]!) & m[5]!;
  }

  /** The same decode in exact double arithmetic, for burst indices beyond 2^31. */
  private decodeWide(burst: number, out: DecodedAddress): void {
    let rest = burst;
    const v = [0, 0, 0, 0, 0, 0];
    for (let i = 0; i < this.sizes.length; i++) {
      const size = this.sizes[i]!;
      const x = rest % size;
      rest = (rest - x) / size;
      v[this.slots[i]!] = x;
    }
    [out.row, out.channel, out.rank, out.bankGroup, out.bank, out.column] = v as [number, number, number, number, number, number];
  }
}
