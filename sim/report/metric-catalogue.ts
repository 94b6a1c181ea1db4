import type { Direction } from './chart-helpers.ts';

/**
 * What the reports know about a metric key of the sweep contract (`power_w.total`,
 * `resources.bram.utilisation`, …): its label, its unit on an axis, whether more is better,
 * and the factor from the stored value to the shown one (fractions are shown in %). Keys it
 * does not know still plot, labelled by their key, with a direction guessed from the name.
 */
export interface MetricInfo {
  key: string;
  label: string;
  unit: string;
  direction: Direction;
  /** Shown value = stored value × scale (1, or 100 for a fraction shown in %). */
  scale: number;
  /** A table header's few words (the unit included). */
  short: string;
}

const KNOWN: Record<string, Omit<MetricInfo, 'key' | 'scale' | 'short'> & { scale?: number; short?: string }> = {
  tokens_per_s: { label: 'throughput', unit: 'tokens/s', direction: 'max' },
  tokens_per_s_per_sequence: { label: 'per-sequence throughput', unit: 'tokens/s', direction: 'max' },
  'power_w.total': { label: 'total power (FPGA + DRAM)', unit: 'W', direction: 'min', short: 'W total' },
  'power_w.fpga_total': { label: 'FPGA core-rail power', unit: 'W', direction: 'min', short: 'W FPGA' },
  'power_w.fpga_static': { label: 'FPGA static power', unit: 'W', direction: 'min' },
  'power_w.fpga_dynamic': { label: 'FPGA dynamic power', unit: 'W', direction: 'min' },
  'power_w.dram_core': { label: 'DRAM core power', unit: 'W', direction: 'min' },
  'power_w.dram_io': { label: 'DRAM I/O power', unit: 'W', direction: 'min' },
  'power_w.dram_background': { label: 'DRAM background power', unit: 'W', direction: 'min' },
  energy_per_token_j: { label: 'energy per token', unit: 'J/token', direction: 'min' },
  tokens_per_joule: { label: 'energy efficiency', unit: 'tokens/J', direction: 'max' },
  cycles: { label: 'run length', unit: 'core cycles', direction: 'min' },
  cycles_per_token: { label: 'cycles per token', unit: 'core cycles/token', direction: 'min' },
  'bounds.memory_bound_tokens_per_s': { label: 'memory bound', unit: 'tokens/s', direction: 'max' },
  'bounds.compute_bound_tokens_per_s': { label: 'compute bound', unit: 'tokens/s', direction: 'max' },
  'bounds.latency_bound_tokens_per_s': { label: 'requests-in-flight bound', unit: 'tokens/s', direction: 'max' },
  'ddr.bandwidth_gbs': { label: 'DRAM bandwidth used', unit: 'GB/s', direction: 'max', short: 'DRAM GB/s' },
  'ddr.utilization': { label: 'DRAM bandwidth utilisation', unit: '%', direction: 'max', scale: 100, short: 'DRAM busy %' },
  'fidelity.top1_agreement': { label: 'top-1 agreement with the reference', unit: '%', direction: 'max', scale: 100, short: 'top-1 %' },
  'fidelity.max_logit_error': { label: 'max logit error', unit: 'logit', direction: 'min' },
};

/** FPGA resource kinds as the vendors write them (sim/arch/device-catalogue.ts's keys). */
const RESOURCE_NAMES: Record<string, string> = { logic: 'logic', registers: 'registers', bram: 'BRAM', uram: 'URAM', dsp: 'DSP' };
const RESOURCE = /^resources\.([a-z_]+)\.utilisation$/;
const LOWER_IS_BETTER = /power|energy|cycles|latency|utili|error|_w$|_j$/;

export function metricInfo(key: string): MetricInfo {
  const k = KNOWN[key];
  if (k) return { key, scale: 1, short: k.unit || k.label, ...k };
  const r = RESOURCE.exec(key);
  if (r) {
    const name = RESOURCE_NAMES[r[1]!] ?? r[1]!.replace(/_/g, ' ');
    return { key, label: `${name} utilisation`, unit: '%', direction: 'min', scale: 100, short: `${name} %` };
  }
  return { key, label: key, unit: '', direction: LOWER_IS_BETTER.test(key) ? 'min' : 'max', scale: 1, short: key };
}

/** An axis title: "label (unit)", or the label alone for a unitless key. */
export function axisTitle(info: { label: string; unit: string }): string {
  return info.unit ? `${info.label} (${info.unit})` : info.label;
}

const PARAM_UNITS: [RegExp, string][] = [
  [/^core\.cores$/, 'cores'],
  [/channels$/, 'channels'],
  [/^core\.batch$/, 'batch slots'],
  [/outstanding$/, 'requests'],
  [/_mhz$/, 'MHz'],
  [/_bytes$/, 'B'],
  [/_ns$/, 'ns'],
  [/_cycles$/, 'cycles'],
  [/_bits$/, 'bits'],
  [/weights_per_cycle$/, 'weights/cycle'],
  [/elements_per_cycle$/, 'elements/cycle'],
  [/bytes_per_cycle$/, 'B/cycle'],
];

/** A swept parameter (a dotted arch path) as an axis: its path, and a unit guessed from its name. */
export function paramInfo(path: string): { key: string; label: string; unit: string } {
  const unit = PARAM_UNITS.find(([re]) => re.test(path))?.[1] ?? '';
  return { key: path, label: path, unit };
}
