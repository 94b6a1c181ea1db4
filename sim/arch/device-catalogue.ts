import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { InputError } from '../input-error.ts';
import { NonNegativeQuantitySchema, ProvenanceKindSchema } from './provenance.ts';
import { loadShippedTable } from './yaml-config.ts';

/**
 * The FPGA device catalogue: one YAML file per board/part under sim/arch/devices/, one per
 * fabric family under sim/arch/devices/families/. The files are data (with provenance for
 * every figure); this module only validates and loads them by id.
 */

/** Resource kinds common to every vendor; a family gives each its own name (ALM, LUT, M20K…). */
export const RESOURCE_KINDS = ['logic', 'registers', 'bram', 'uram', 'dsp'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export type ResourceCounts = Record<ResourceKind, number>;

const Q = NonNegativeQuantitySchema;

const BlockMemorySchema = z
  .object({
    bits: Q,
    configs: z
      .array(z.tuple([z.number().int().positive(), z.number().int().positive()]))
      .min(1)
      .describe('Supported [depth, width] aspect ratios of one block.'),
    configs_provenance: ProvenanceKindSchema,
    configs_note: z.string().min(1),
    min_bits: Q.optional().describe('Smallest memory mapped to this block kind (smaller ones go elsewhere).'),
  })
  .strict();
export type BlockMemory = z.infer<typeof BlockMemorySchema>;

export const FabricFamilySchema = z
  .object({
    id: z.string().min(1),
    vendor: z.enum(['intel', 'amd']),
    name: z.string().min(1),
    labels: z
      .object({
        logic: z.string(),
        registers: z.string(),
        bram: z.string(),
        uram: z.string().nullable(),
        dsp: z.string(),
      })
      .strict(),
    logic: z
      .object({
        luts_per_cell: Q.describe('LUT6-equivalent functions (and carry bits) one logic cell implements.'),
        registers_per_cell: Q.describe('Flip-flops one logic cell holds.'),
        packing_efficiency: Q.describe('Fraction of ideal packing the fitter achieves (0..1].'),
        lutram_bits_per_cell: Q.describe('Bits of distributed RAM one logic cell stores.'),
        lutram_depth: Q.describe('Words of one distributed-RAM primitive (its address depth); a cell stores lutram_bits_per_cell / lutram_depth bits of width.'),
        lutram_max_bits: Q.describe('Largest memory mapped to distributed RAM.'),
      })
      .strict(),
    bram: BlockMemorySchema,
    uram: BlockMemorySchema.nullable(),
    dsp: z
      .object({
        modes: z
          .array(
            z
              .object({
                a_bits: z.number().int().positive(),
                b_bits: z.number().int().positive(),
                per_block: z.number().int().positive(),
              })
              .strict(),
          )
          .min(1),
        provenance: ProvenanceKindSchema,
        note: z.string().min(1),
      })
      .strict(),
  })
  .strict();
export type FabricFamily = z.infer<typeof FabricFamilySchema>;

const ResourceQuantitiesSchema = z
  .object({ logic: Q, registers: Q, bram: Q, uram: Q, dsp: Q })
  .strict();

export const BoardMemorySchema = z
  .object({
    technology: z.enum(['ddr4', 'hbm2']),
    channels: z.number().int().positive(),
    bytes_per_channel: z.number().int().positive(),
    data_bits: z.number().int().positive(),
    transfer_mts: z.number().positive(),
    provenance: ProvenanceKindSchema,
    note: z.string().min(1),
  })
  .strict();
export type BoardMemory = z.infer<typeof BoardMemorySchema>;

export const DeviceSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/),
    name: z.string().min(1),
    part: z.string().min(1),
    family: z.string().min(1),
    available: ResourceQuantitiesSchema,
    board_memory: z.array(BoardMemorySchema),
    static_power: z
      .object({
        reference_w: Q,
        reference_junction_c: z.object({ ...Q.shape, value: z.number() }).strict(),
        doubling_c: Q,
        typical_junction_c: z.object({ ...Q.shape, value: z.number() }).strict(),
      })
      .strict(),
    shell: z
      .object({
        name: z.string().min(1),
        clock_mhz: Q,
        activity: Q,
        hard_ip_w: Q,
        resources: ResourceQuantitiesSchema,
      })
      .strict()
      .nullable(),
  })
  .strict();
export type Device = z.infer<typeof DeviceSchema>;

/** A device together with the fabric family it is built from. */
export interface CatalogueDevice {
  device: Device;
  family: FabricFamily;
}

const DEVICES_DIR = join(dirname(fileURLToPath(import.meta.url)), 'devices');
const FAMILIES_DIR = join(DEVICES_DIR, 'families');

const familyCache = new Map<string, FabricFamily>();
const deviceCache = new Map<string, CatalogueDevice>();

/** Ids of every device in the catalogue, sorted. */
export function listDeviceIds(): string[] {
  return readdirSync(DEVICES_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

export function loadFamily(id: string): FabricFamily {
  const cached = familyCache.get(id);
  if (cached) return cached;
  const file = join(FAMILIES_DIR, `${id}.yaml`);
  if (!existsSync(file)) throw new InputError(`unknown FPGA family '${id}'`, { file });
  const family = loadShippedTable(file, FabricFamilySchema);
  if (family.id !== id) throw new InputError(`id '${family.id}' does not match the file name`, { file, key: 'id' });
  familyCache.set(id, family);
  return family;
}

/** Load a catalogue device by id (`device.id` in the arch YAML). Unknown ids are bad input. */
export function loadDevice(id: string, where: { file?: string; key?: string } = { key: 'device.id' }): CatalogueDevice {
  const cached = deviceCache.get(id);
  if (cached) return cached;
  const file = join(DEVICES_DIR, `${id}.yaml`);
  if (!/^[a-z0-9-]+$/.test(id) || !existsSync(file)) {
    throw new InputError(`unknown device '${id}' (expected one of: ${listDeviceIds().join(', ')})`, where);
  }
  const device = loadShippedTable(file, DeviceSchema);
  if (device.id !== id) throw new InputError(`id '${device.id}' does not match the file name`, { file, key: 'id' });
  const entry = { device, family: loadFamily(device.family) };
  deviceCache.set(id, entry);
  return entry;
}

/** Peak bandwidth of one board-memory entry in bytes per second (all its channels). */
export function boardMemoryPeakBytesPerSecond(m: BoardMemory): number {
  return m.channels * (m.data_bits / 8) * m.transfer_mts * 1e6;
}
