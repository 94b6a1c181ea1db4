/**
 * What a DRAM model counts for the power model: commands by class and rank-cycles in each
 * standby state. The memory model emits these counts; sim/power/dram-energy.ts turns them into
 * energy with the part's IDD currents (the Accelergy split: actions here, energy tables there).
 */
export interface DramActivity {
  activates: number;
  reads: number;
  writes: number;
  refreshes: number;
  /** Rank-cycles with at least one bank open (IDD3N), summed over channels and ranks. */
  activeStandbyCycles: number;
  /** Rank-cycles with every bank precharged (IDD2N). */
  prechargeStandbyCycles: number;
}

/** Datasheet currents of one device: V and mA. */
export interface IddCurrents {
  vdd: number;
  idd0: number;
  idd2n: number;
  idd3n: number;
  idd4r: number;
  idd4w: number;
  idd5b: number;
}

/** The timing values the energy formulas use, in clock cycles, and tCK in ns. */
export interface DramEnergyTiming {
  tCKns: number;
  tRC: number;
  tRAS: number;
  tRFC: number;
  /** Clock cycles one burst occupies the data bus (BL/2). */
  tBL: number;
}

/**
 * A DRAM technology's energy table for a configured memory: the IDD currents, the timing the
 * formulas need, and the multiplier per rank (devices per rank; for HBM2 a pseudo-channel's
 * share of its channel's currents). Data only: the formulas live in the power layer.
 */
export interface DramEnergyTable {
  idd: IddCurrents;
  /** Where the currents come from (provenance label and note, as every power coefficient carries). */
  iddSource: FigureSource;
  timing: DramEnergyTiming;
  devicesPerRank: number;
  /** Interface (I/O drivers, termination, PHY) energy per bit moved, which the IDD currents exclude. */
  ioPjPerBit: { value: number } & FigureSource;
}

/** A figure's provenance label (docs/power.md) and why it has its value. */
export interface FigureSource {
  provenance: 'datasheet' | 'measured' | 'derived' | 'calibrated' | 'assumed';
  note: string;
}
