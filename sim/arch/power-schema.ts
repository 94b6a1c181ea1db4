import * as z from 'zod';
import { listDeviceIds } from './device-catalogue.ts';

/** Catalogue ids, read from sim/arch/devices/ so the schema, its JSON Schema and docs list them. */
const DEVICE_IDS = listDeviceIds() as [string, ...string[]];

/**
 * The `device:` and `power:` sections of the arch YAML. Both default entirely, so a design
 * that names neither runs on the paper's board (D5005) at its typical temperature.
 */
export const DeviceSectionSchema = z
  .object({
    id: z
      .enum(DEVICE_IDS)
      .default('intel-pac-d5005')
      .describe('Catalogue id of the FPGA board or part (a file sim/arch/devices/<id>.yaml with its resources, static power and shell).'),
    include_shell: z
      .boolean()
      .default(true)
      .describe("Count the board shell's fixed footprint and power (PCIe, memory controllers: the D5005 FIM, the Alveo XDMA shell)."),
  })
  .strict();
export type DeviceSection = z.infer<typeof DeviceSectionSchema>;

export const PowerSectionSchema = z
  .object({
    junction_temp_c: z
      .number()
      .min(-40)
      .max(125)
      .optional()
      .describe("FPGA junction temperature in °C for static (leakage) power; default: the device's typical_junction_c."),
    dram_io_pj_per_bit: z
      .number()
      .nonnegative()
      .optional()
      .describe('DRAM interface (I/O + termination) energy in pJ per bit transferred; default: the memory technology\'s own figure (its energy table in sim/memory/technologies/).'),
  })
  .strict();
export type PowerSection = z.infer<typeof PowerSectionSchema>;
