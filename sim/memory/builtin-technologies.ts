import { ddr4Technology } from './technologies/ddr4/ddr4-technology.ts';
import { fixedTechnology } from './technologies/fixed/fixed-technology.ts';
import { hbm2Technology } from './technologies/hbm2/hbm2-technology.ts';
import { onchipTechnology } from './technologies/onchip/onchip-technology.ts';

/** The technologies every arch file may name in `memory.model`: one line each. */
export const BUILTIN_MEMORY_TECHNOLOGIES = [fixedTechnology, ddr4Technology, hbm2Technology, onchipTechnology] as const;
