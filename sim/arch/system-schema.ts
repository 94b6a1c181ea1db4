import * as z from 'zod';

/**
 * The inter-board link: a point-to-point serial link per pair of neighbouring boards
 * (QSFP28 / 100 GbE class by default), full duplex. A message of n bytes is cut into frames
 * of `frame_payload_bytes`, each carrying `frame_overhead_bytes` of header and gaps; the
 * frames are serialised at `gbps` × `coding_efficiency` one after another on the sender's
 * port, and the last arrives `latency_ns` after it is sent. Defaults are `assumed` figures
 * for a 100 Gb/s QSFP28 direct-attach link between two cards (docs/boards.md).
 */
export const LinkSchema = z
  .object({
    gbps: z
      .number()
      .positive()
      .max(10_000)
      .default(100)
      .describe('Line rate per direction in Gb/s (default 100: QSFP28, 4 lanes x 25.78125 Gb/s, IEEE 802.3 100GBASE-CR4).'),
    coding_efficiency: z
      .number()
      .gt(0)
      .max(1)
      .default(64 / 66)
      .describe('Payload fraction of the line rate after line coding (default 64/66: 64b/66b, as 100GbE and Aurora 64B/66B use).'),
    frame_payload_bytes: z
      .number()
      .int()
      .positive()
      .max(1 << 20)
      .default(1024)
      .describe('Payload bytes per frame (assumed default 1024: a streaming protocol such as Aurora frames of about 1 KiB).'),
    frame_overhead_bytes: z
      .number()
      .int()
      .nonnegative()
      .max(4096)
      .default(16)
      .describe('Header, CRC and inter-frame gap per frame in bytes (assumed default 16: Aurora-class framing; raw Ethernet would be 38 plus headers).'),
    latency_ns: z
      .number()
      .nonnegative()
      .max(1e9)
      .default(500)
      .describe('Time from the last byte sent to its arrival, in ns (assumed default 500: two GTY transceivers with their PCS/PMA and the framing logic, ~200 ns each, plus ~5 ns per metre of cable).'),
    port_power_w: z
      .number()
      .nonnegative()
      .max(100)
      .default(1.5)
      .describe('Power of one board\'s link port (4 GTY transceivers, their PLL, a passive copper QSFP28 cable), in W, drawn while the system runs (assumed default 1.5).'),
  })
  .strict();
export type LinkSpec = z.infer<typeof LinkSchema>;

/** Several boards running one model (docs/boards.md). */
export const SystemSchema = z
  .object({
    boards: z.number().int().min(1).max(16).default(1).describe('Identical boards (each the `device` with the `core` section and its own `memory`), joined by the link.'),
    partition: z
      .enum(['layers', 'rows'])
      .default('layers')
      .describe('How the model is split over the boards: `layers` (pipeline: each board a contiguous run of layers, the residual stream crossing the link between them) or `rows` (each board a slice of every matrix, the slices all-gathered over the link).'),
    link: LinkSchema.prefault({}).describe('The inter-board link (used when boards > 1).'),
  })
  .strict();
export type SystemSpec = z.infer<typeof SystemSchema>;
