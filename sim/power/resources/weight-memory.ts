import { resolveMemorySection } from '../../arch/onchip-memory.ts';
import type { MemorySpec } from '../../arch/memory-schema.ts';
import type { ResolvedOnChipMemorySpec } from '../../memory/technologies/onchip/onchip-schema.ts';
import type { WeightMemoryBlocks } from './feasibility.ts';

/**
 * Blocks an on-chip weight memory takes for `weightBytes` of stored weights: the capacity
 * needs ⌈bits / bits per block⌉ blocks; they are read as `banks` parallel banks, so the memory
 * takes whole banks (each at least one block, deeper when the weights need more). Null when
 * the weights are not on chip.
 */
export function weightMemoryBlocks(arch: { memory: MemorySpec; device: { id: string; include_shell: boolean } }, weightBytes: number): WeightMemoryBlocks | null {
  if (arch.memory.model !== 'onchip') return null;
  const m = resolveMemorySection(arch) as unknown as ResolvedOnChipMemorySpec;
  const needed = Math.ceil((weightBytes * 8) / m.bank_bits);
  const used = Math.max(1, Math.ceil(needed / m.banks)) * m.banks;
  return { resource: m.block, needed, used, banks: m.banks };
}
