import { execFileSync, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeSafetensors } from '../../sim/model/safetensors.ts';
import { caseDir } from '../fuzz/harness/case-dir.ts';
import { CliSandbox } from '../fuzz/harness/cli-sandbox.ts';
import { uncleanOutcome } from '../fuzz/harness/clean-outcome.ts';
import { TINY_MODEL_CONFIG } from '../fuzz/harness/tiny-model.ts';

/**
 * Every example of issue 17 (a hostile new user's 380 inputs): each now exits 2 (bad input)
 * or 1 (a genuine simulation failure) with one line on stderr naming what is wrong, within
 * the sandbox's watchdog (test/fuzz/harness: a worker thread terminated on a hang or on
 * memory growth past 1 GB). They ran past 12 GB, hung, crashed with a stack or were accepted.
 */
const sandbox = new CliSandbox();
afterAll(() => sandbox.stop());

const BURST = readFileSync('arch-configs/d5005-burst.yaml', 'utf8');
const withCore = (line: string) => BURST.replace('clock_mhz: 150', line);
const withMemory = (extra: string) => BURST.replace('shell_latency_ns: 80 # the same shell as d5005-paper.yaml (calibrated there)', extra);
const MEM = 'arch-configs/memory/ddr4-2400-x8-2rank.yaml';
const TRACE = 'arch-configs/memory/seq-read-1k.trace';
const model = (config: Record<string, unknown>) => ({ 'model/config.json': JSON.stringify({ ...TINY_MODEL_CONFIG, ...config }) });

/** A YAML "billion laughs": ten aliases per level, twenty levels. */
function aliasBomb(): string {
  let s = 'a: &a [' + Array(10).fill('1').join(',') + ']\n';
  let prev = 'a';
  for (let i = 0; i < 20; i++) {
    s += `b${i}: &b${i} [${Array(10).fill(`*${prev}`).join(',')}]\n`;
    prev = `b${i}`;
  }
  return s;
}

interface Example {
  /** The issue's wording. */
  name: string;
  files?: Record<string, string | Uint8Array>;
  /** argv; `@` prefixes a path inside the case directory. */
  argv: string[];
  code: 1 | 2;
  /** What the one line must say (the key and the figure). */
  says: RegExp;
  /** Extra setup in the case directory. */
  setup?: (path: (name: string) => string) => void;
}

const EXAMPLES: Example[] = [
  // ---- sizes trusted before allocating ----
  { name: 'config.json hidden_size 1e9', files: model({ hidden_size: 1e9 }), argv: ['run', '--arch', 'arch-configs/d5005-burst.yaml', '--model', '@model', '--prompt-ids', '1', '--tokens', '1'], code: 2, says: /hidden_size: .*<=65536/ },
  { name: 'config.json num_hidden_layers 1e6', files: model({ num_hidden_layers: 1e6 }), argv: ['generate', '--model', '@model', '--prompt-ids', '1'], code: 2, says: /num_hidden_layers: .*<=1024/ },
  { name: 'synthetic sizes beyond typed-array limits', files: model({ vocab_size: 2 ** 20, hidden_size: 2 ** 16 }), argv: ['generate', '--model', '@model', '--prompt-ids', '1'], code: 2, says: /model\.embeddings\.weight .*beyond the 4\.00 GiB a typed array can hold/ },
  { name: 'synthetic model beyond the memory budget', files: model({ hidden_size: 8192, num_hidden_layers: 64 }), argv: ['validate', '@model'], code: 2, says: /hidden_size 8192 × num_hidden_layers 64 .* more than mmfsim's memory budget/ },
  { name: '--sequences 1e9', argv: ['run', '--arch', 'arch-configs/d5005-burst.yaml', '--prompt-ids', '1', '--sequences', '1e9'], code: 2, says: /--sequences: 1000000000 sequences need .* core\.batch is 1/ },
  { name: '/dev/zero as an arch', argv: ['validate', '/dev/zero'], code: 2, says: /\/dev\/zero: cannot read YAML file: it is a character device/ },
  { name: '/dev/zero as a program', argv: ['exec', '--arch', 'arch-configs/paper-rtl-testbench.yaml', '--program', '/dev/zero'], code: 2, says: /\/dev\/zero: cannot read program: it is a character device/ },
  { name: '/dev/zero as a trace', argv: ['dram', '--arch', MEM, '--trace', '/dev/zero'], code: 2, says: /\/dev\/zero: cannot read trace: it is a character device/ },
  { name: 'an input file over its size cap', files: { 'big.yaml': '#'.repeat(300 << 10) }, argv: ['validate', '@big.yaml'], code: 2, says: /YAML file is 300 KiB .*the limit is 256 KiB/ },
  // ---- errors that escaped as exit 1 with a stack ----
  { name: 'YAML alias bomb', files: { 'bomb.yaml': aliasBomb() }, argv: ['validate', '@bomb.yaml'], code: 2, says: /bomb\.yaml: YAML cannot be expanded: Excessive alias count/ },
  { name: 'clock 1e308 MHz', files: { 'a.yaml': withCore('clock_mhz: 1e308') }, argv: ['run', '--arch', '@a.yaml', '--tokens', '1'], code: 2, says: /core\.clock_mhz: Too big: expected number to be <=5000/ },
  { name: 'clock 1e-300 MHz', files: { 'a.yaml': withCore('clock_mhz: 1e-300') }, argv: ['validate', '@a.yaml'], code: 2, says: /core\.clock_mhz: Too small: expected number to be >=1/ },
  { name: 'clock 61.123457 MHz (timebase above 2^53)', files: { 'a.yaml': withCore('clock_mhz: 61.123457') }, argv: ['validate', '@a.yaml'], code: 2, says: /core\.clock_mhz: the core clock \(61123457 Hz\) and the memory clock \(1200000000 Hz\) share a timebase .* 7\.33e\+16 Hz/ },
  { name: 'a fractional-Hz clock', files: { 'a.yaml': withCore('clock_mhz: 60.0000001') }, argv: ['validate', '@a.yaml'], code: 2, says: /core\.clock_mhz: the core clock must be a whole number of Hz: 60\.0000001 MHz is 60000000\.1 Hz/ },
  { name: 'model.safetensors that is a directory', files: { ...model({}), 'model/model.safetensors/x': '' }, argv: ['generate', '--model', '@model', '--prompt-ids', '1'], code: 2, says: /model\.safetensors: cannot read safetensors file: it is a directory/ },
  { name: 'an index with an empty weight_map', files: { ...model({}), 'model/model.safetensors.index.json': '{"weight_map": {}}' }, argv: ['validate', '@model'], code: 2, says: /index\.json: weight_map: "weight_map" lists no tensors/ },
  { name: "an index with a '..' shard", files: { ...model({}), 'model/model.safetensors.index.json': '{"weight_map": {"lm_head.weight": ".."}}' }, argv: ['generate', '--model', '@model', '--prompt-ids', '1'], code: 2, says: /weight_map\.lm_head\.weight: shard must be a file name in the model directory, got "\.\."/ },
  { name: 'a header length of 3 GiB', files: model({}), argv: ['validate', '@model'], code: 2, says: /model\.safetensors: header length field says 3\.00 GiB; the limit is 95\.4 MiB/, setup: (p) => sparseSafetensors(p('model/model.safetensors'), 3 * 2 ** 30) },
  { name: 'a repeated --prompt-ids (generate)', argv: ['generate', '--model', 'models/pycode-tiny', '--prompt-ids', '1', '--prompt-ids', '2'], code: 2, says: /--prompt-ids given 2 times: give it once/ },
  // ---- hangs on one-line inputs ----
  { name: 'a 1 Hz clock', files: { 'a.yaml': withCore('clock_mhz: 0.000001') }, argv: ['run', '--arch', '@a.yaml', '--tokens', '1'], code: 2, says: /core\.clock_mhz: Too small: expected number to be >=1/ },
  { name: 'shell_latency_ns 1e300', files: { 'a.yaml': withMemory('shell_latency_ns: 1e300') }, argv: ['run', '--arch', '@a.yaml', '--tokens', '1'], code: 2, says: /memory\.shell_latency_ns: Too big: expected number to be <=10000/ },
  { name: 'tREFI < tRFC', files: { 'm.yaml': 'memory:\n  model: ddr4\n  timing:\n    tREFI: 100\n' }, argv: ['dram', '--arch', '@m.yaml', '--trace', TRACE], code: 2, says: /memory\.timing\.tREFI: timing must satisfy tRFC < tREFI .* tREFI 100, tRFC 420/ },
  { name: 'refresh leaving no room for requests', files: { 'm.yaml': 'memory:\n  model: ddr4\n  timing:\n    tREFI: 480\n' }, argv: ['dram', '--arch', '@m.yaml', '--trace', TRACE], code: 2, says: /memory\.timing\.tREFI: timing must satisfy tREFI − tRFC ≥ 2 × max/ },
  { name: 'YAML with 40 000 keys', files: { 'k.yaml': Array.from({ length: 40_000 }, (_, i) => `k${i}: ${i}`).join('\n') }, argv: ['validate', '@k.yaml'], code: 2, says: /k\.yaml: YAML file is .*; the limit is 256 KiB/ },
  { name: 'YAML with 20 000 keys (under the cap)', files: { 'k.yaml': Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}`).join('\n') }, argv: ['validate', '@k.yaml'], code: 2, says: /k\.yaml:1:1: name: .*key is missing/ },
  { name: 'a FIFO as the arch', argv: ['validate', '@fifo.yaml'], code: 2, says: /fifo\.yaml: cannot read YAML file: it is a FIFO/, setup: (p) => execFileSync('mkfifo', [p('fifo.yaml')]) },
  { name: '--tokens 1e9', argv: ['run', '--arch', 'arch-configs/d5005-burst.yaml', '--tokens', '1e9'], code: 2, says: /--tokens: 1000000000 tokens asked for; the limit is 16384/ },
  { name: 'a 100 000-character prompt', argv: ['generate', '--model', 'models/pycode-tiny', '--prompt', 'x'.repeat(100_000)], code: 2, says: /--prompt: prompt 1 holds 100000 characters; the limit is 65536/ },
  // ---- silent acceptance ----
  { name: '--prompt a --prompt b (generate)', argv: ['generate', '--model', 'models/pycode-tiny', '--prompt', 'a', '--prompt', 'b'], code: 2, says: /--prompt given 2 times/ },
  { name: 'a flag given twice (--tokens 3 --tokens 4)', argv: ['run', '--arch', 'arch-configs/d5005-burst.yaml', '--tokens', '3', '--tokens', '4'], code: 2, says: /--tokens given 2 times/ },
  { name: 'a value-less --tokens', argv: ['run', '--arch', 'arch-configs/d5005-burst.yaml', '--tokens'], code: 2, says: /Not enough arguments following: tokens/ },
  { name: 'an unknown option', argv: ['run', '--arch', 'arch-configs/d5005-burst.yaml', '--tokns', '3'], code: 2, says: /Unknown argument: tokns/ },
  { name: 'CL = 0', files: { 'm.yaml': 'memory:\n  model: ddr4\n  timing:\n    CL: 0\n' }, argv: ['validate', '@m.yaml'], code: 2, says: /memory\.timing\.CL: Too small: expected number to be >=1/ },
  { name: 'tRC < tRAS + tRP', files: { 'm.yaml': 'memory:\n  model: hbm2\n  timing:\n    tRC: 40\n' }, argv: ['validate', '@m.yaml'], code: 2, says: /memory\.timing\.tRC: timing must satisfy tRC ≥ tRAS \+ tRP/ },
  { name: 'tFAW < 4·tRRD_S', files: { 'm.yaml': 'memory:\n  model: ddr4\n  timing:\n    tFAW: 10\n' }, argv: ['validate', '@m.yaml'], code: 2, says: /memory\.timing\.tFAW: timing must satisfy tFAW ≥ 4 × tRRD_S/ },
  { name: 'inverted write watermarks', files: { 'm.yaml': 'memory:\n  model: ddr4\n  write_high_watermark: 0.1\n  write_low_watermark: 0.9\n' }, argv: ['validate', '@m.yaml'], code: 2, says: /memory\.write_low_watermark: must be at most write_high_watermark \(0\.1\)/ },
  { name: 'eos_token_id outside the vocabulary', files: model({ eos_token_id: 256 }), argv: ['validate', '@model'], code: 2, says: /config\.json: eos_token_id: id 256 is outside the vocabulary \(0\.\.255\)/ },
  { name: 'an empty program', files: { 'p.tmi': '; nothing\n\n' }, argv: ['exec', '--arch', 'arch-configs/paper-rtl-testbench.yaml', '--program', '@p.tmi'], code: 2, says: /p\.tmi: the program holds no instructions/ },
  { name: 'an empty trace', files: { 't.trace': '# nothing\n' }, argv: ['dram', '--arch', MEM, '--trace', '@t.trace'], code: 2, says: /t\.trace: the trace holds no requests/ },
  { name: "control characters in the arch's name", files: { 'a.yaml': BURST.replace('name: d5005-burst', 'name: "\\e[2J\\e[31mred"') }, argv: ['validate', '@a.yaml'], code: 2, says: /name: must be printable text/ },
  { name: 'a program whose tmatmuls would run for days', files: { 'p.tmi': 'tmatmul v1, v0, W\n'.repeat(10_000) }, argv: ['exec', '--arch', 'arch-configs/paper-rtl-testbench.yaml', '--program', '@p.tmi', '--d', '512'], code: 2, says: /p\.tmi: the program would make 655360000 memory requests .* the limit is 67108864/ },
];

/** A model.safetensors whose header length field says `headerBytes`, as a sparse file just as long. */
function sparseSafetensors(file: string, headerBytes: number): void {
  const bytes = encodeSafetensors([]);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerBytes), true);
  const fd = openSync(file, 'w');
  writeSync(fd, bytes);
  // One byte at the end makes the file 8 + headerBytes long without writing the gigabytes.
  writeSync(fd, new Uint8Array([0x20]), 0, 1, 8 + headerBytes);
  closeSync(fd);
}

describe('issue 17: every example exits 2 (or 1) with one line, never a stack, a hang or a runaway allocation', () => {
  it.each(EXAMPLES.map((e) => [e.name, e] as const))('%s', async (_name, e) => {
    const c = caseDir(e.files ?? {});
    try {
      e.setup?.(c.path);
      const argv = e.argv.map((a) => (a.startsWith('@') ? c.path(a.slice(1)) : a));
      const o = await sandbox.run(argv);
      expect(uncleanOutcome(o)).toBeNull();
      expect(o.kind === 'exit' && o.code).toBe(e.code);
      expect(o.kind === 'exit' ? o.stderr : '').toMatch(e.says);
    } finally {
      c.dispose();
    }
  });
});

describe('idle time is free (issue 17): refresh over an idle stretch is computed in closed form', () => {
  it('a trace request at cycle 10^15 (it hung, then was refused) runs, with every refresh of the gap counted', async () => {
    const c = caseDir({ 't.trace': '0x0 READ 1000000000000000\n' });
    try {
      const o = await sandbox.run(['dram', '--arch', MEM, '--trace', c.path('t.trace'), '--json']);
      expect(uncleanOutcome(o)).toBeNull();
      expect(o.kind === 'exit' && o.code).toBe(0);
      const r = JSON.parse(o.kind === 'exit' ? o.stdout : '{}') as { cycles: number; ref: number };
      expect(r.cycles).toBeGreaterThan(1e15);
      // Two ranks, one REF each every tREFI (9360 cycles at DDR4-2400).
      expect(Math.abs(r.ref - (2 * 1e15) / 9360)).toBeLessThan(3);
    } finally {
      c.dispose();
    }
  });
});

describe('writing the output fails: one line, exit 1', () => {
  it('stdout on a full disk (ENOSPC)', () => {
    const fd = openSync('/dev/full', 'w');
    let stderr = '';
    let status: number | null = null;
    try {
      execFileSync(process.execPath, ['bin/mmfsim.mjs', 'schema'], { stdio: ['ignore', fd, 'pipe'] });
    } catch (e) {
      const err = e as { status: number | null; stderr: Buffer };
      status = err.status;
      stderr = err.stderr.toString();
    } finally {
      closeSync(fd);
    }
    expect(status).toBe(1);
    expect(stderr).toBe('mmfsim: error: cannot write the output to stdout (ENOSPC)\n');
  });

  it('stdout a pipe whose reader has gone (EPIPE)', async () => {
    const child = spawn(process.execPath, ['bin/mmfsim.mjs', 'schema'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(status).toBe(1);
    expect(stderr).toBe('mmfsim: error: cannot write the output to stdout (EPIPE)\n');
  });
});
