import { InputError } from '../input-error.ts';
import type { OnChipMemorySpec, ResolvedOnChipMemorySpec } from '../memory/technologies/onchip/onchip-schema.ts';
import { loadDevice, type CatalogueDevice } from './device-catalogue.ts';
import type { MemorySpec } from './memory-schema.ts';

/** What the device catalogue says about the block kind an on-chip weight memory uses. */
export interface OnChipBlocks {
  /** The family's name for the block (URAM, BRAM36, M20K). */
  label: string;
  /** Blocks the device has, and how many the shell takes. */
  deviceBlocks: number;
  shellBlocks: number;
  bankBits: number;
  widthBits: number;
  /** Where the figures come from (the catalogue's notes). */
  source: string;
}

/**
 * The block kind `block` of a device: count (sim/arch/devices/<id>.yaml: AMD DS963 for the
 * U280's 960 URAM and 2,016 BRAM36; Intel's Stratix 10 overview for the D5005's 11,721 M20K)
 * and the organisation of one block (the family file: UG573 for URAM 4K x 72 and BRAM36
 * 512 x 72 at its widest; the Stratix 10 memory guide for M20K 512 x 40).
 */
export function onChipBlocks(dev: CatalogueDevice, block: OnChipMemorySpec['block'], includeShell: boolean, key = 'memory.block'): OnChipBlocks {
  const fam = dev.family[block];
  const label = dev.family.labels[block];
  if (!fam || !label || dev.device.available[block].value === 0) {
    throw new InputError(`${dev.device.name} has no ${block === 'uram' ? 'UltraRAM' : 'block RAM'} to hold weights (memory.block: ${block}); ${block === 'uram' ? 'use block: bram' : 'choose another device'}`, { key });
  }
  const shell = includeShell ? (dev.device.shell?.resources[block].value ?? 0) : 0;
  return {
    label,
    deviceBlocks: dev.device.available[block].value,
    shellBlocks: shell,
    bankBits: fam.bits.value,
    widthBits: Math.max(...fam.configs.map(([, w]) => w)),
    source: `${dev.device.available[block].note} ${fam.bits.note} ${fam.configs_note}`,
  };
}

/**
 * The arch's `memory:` section with everything its technology needs filled in: for an
 * on-chip memory, the banks, bits per block and read width of the block kind it names, from
 * the device catalogue (keys the file sets win). Other technologies come back unchanged.
 * Every builder of memory models and every bound uses this, never `arch.memory` directly.
 */
export function resolveMemorySection(arch: { memory: MemorySpec; device: { id: string; include_shell: boolean } }): MemorySpec {
  if (arch.memory.model !== 'onchip') return arch.memory;
  const spec = arch.memory as unknown as OnChipMemorySpec;
  const b = onChipBlocks(loadDevice(arch.device.id), spec.block, arch.device.include_shell);
  const resolved: ResolvedOnChipMemorySpec = {
    ...spec,
    banks: spec.banks ?? b.deviceBlocks - b.shellBlocks,
    bank_bits: spec.bank_bits ?? b.bankBits,
    width_bits: spec.width_bits ?? b.widthBits,
  };
  if (resolved.banks < 1) throw new InputError(`the shell takes all ${b.deviceBlocks} ${b.label} blocks: none is left for weights`, { key: 'memory.banks' });
  return resolved as unknown as MemorySpec;
}
