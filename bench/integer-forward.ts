/**
 * Integer forward pass speed and memory on the published model shapes (synthetic weights).
 *
 *   npx tsx bench/integer-forward.ts            # all three shapes, one child process each
 *   npx tsx bench/integer-forward.ts 1.3b 5     # one shape, 5 measured tokens
 *   npx tsx bench/integer-forward.ts 1.3b 5 js-table   # the same with the JavaScript kernel
 *   npx tsx bench/integer-forward.ts checkpoint 1.3b   # write a bf16 checkpoint of that
 *       shape to a temp dir (2.7 GB for 1.3B), load it tensor by tensor, report time and
 *       peak RSS, delete it
 *
 * Each shape runs in its own process so its peak RSS (VmHWM) is its own. Per token it
 * reports the median wall time and the CPU time (process.cpuUsage, user + system), which
 * other jobs on a shared machine inflate far less than wall time, and the 1-minute load
 * average. Also prints the ternary kernels' throughput (WebAssembly SIMD, JavaScript table,
 * plain decode-and-add) on single matrices.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, copyFileSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntegerForward } from '../sim/model/integer-forward.ts';
import { expectedTensors } from '../sim/model/checkpoint.ts';
import { loadModelConfig } from '../sim/model/config.ts';
import { loadModel } from '../sim/model/load-model.ts';
import { Prng } from '../sim/model/prng.ts';
import { TernaryMatVec, type MatVecImplementation } from '../sim/model/ternary-matvec.ts';
import { ternaryMatrices, type TernaryMatrix } from '../sim/model/ternary-model.ts';

const SHAPES: Record<string, string> = {
  '370m': 'models/mmfreelm-370m',
  '1.3b': 'models/mmfreelm-1.3b',
  '2.7b': 'models/mmfreelm-2.7b',
};

function peakRssMb(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / 2 ** 20;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function benchShape(shape: string, measured: number, implementation?: MatVecImplementation): void {
  const t0 = performance.now();
  const model = loadModel(SHAPES[shape]!);
  const loadMs = performance.now() - t0;
  const weights = ternaryMatrices(model).reduce((n, m) => n + m.rows * m.cols, 0);
  const packedMb = ternaryMatrices(model).reduce((n, m) => n + m.packed.byteLength, 0) / 2 ** 20;
  const kernel = new TernaryMatVec(implementation);
  const fw = new IntegerForward(model, { kernel });
  const tw = performance.now();
  const cw = process.cpuUsage();
  fw.step(1); // warm-up: JIT, page-in, and the SIMD kernel's one-time copy of the weights
  const warmMs = performance.now() - tw;
  const warmCpu = process.cpuUsage(cw);
  const walls: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < measured; i++) {
    const t = performance.now();
    fw.step((i * 7919) % model.config.vocabSize);
    walls.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000 / measured;
  const wall = median(walls);
  console.log(
    `${shape.padEnd(5)} ${kernel.implementation}: ${(weights / 1e6).toFixed(1)} M ternary, packed ${packedMb.toFixed(1)} MiB, ` +
      `load ${(loadMs / 1000).toFixed(1)} s, first token ${warmMs.toFixed(0)} ms (CPU ${((warmCpu.user + warmCpu.system) / 1000).toFixed(0)}), ` +
      `${wall.toFixed(0)} ms/token wall median of ${measured} (${Math.min(...walls).toFixed(0)}–${Math.max(...walls).toFixed(0)}), ` +
      `${cpuMs.toFixed(0)} ms/token CPU (${(weights / cpuMs / 1e6).toFixed(2)} G weights/s), ` +
      `peak RSS ${peakRssMb().toFixed(0)} MiB, load average ${loadavg()[0]!.toFixed(1)}`,
  );
}

/** Single matrices of the 370M shape: each kernel's CPU time per product, checked against the others. */
function benchKernel(): void {
  const model = loadModel('models/mmfreelm-370m');
  for (const m of [model.layers[0]!.gateProj, model.layers[0]!.downProj, model.lmHead]) {
    const q = new Int8Array(m.cols).map((_, i) => ((i * 37) % 255) - 127);
    const time = (f: () => void, n: number): number => {
      for (let i = 0; i < n; i++) f(); // warm-up: V8 tiers WebAssembly up from its baseline compiler on use
      const c = process.cpuUsage();
      for (let i = 0; i < n; i++) f();
      const u = process.cpuUsage(c);
      return (u.user + u.system) / 1000 / n;
    };
    const results: string[] = [];
    let reference: Int32Array | null = null;
    const w = m.rows * m.cols;
    const simd = new TernaryMatVec('wasm-simd');
    const table = new TernaryMatVec('js-table');
    for (const [label, run, n] of [
      ['wasm-simd', (s: Int32Array) => simd.run(m, q, s), 20],
      ['js-table', (s: Int32Array) => table.run(m, q, s), 5],
      ['decode-and-add', (s: Int32Array) => decodeAndAdd(m, q, s), 1],
    ] as const) {
      const sums = new Int32Array(m.rows);
      const ms = time(() => run(sums), n);
      if (reference && !sums.every((v, i) => v === reference![i])) throw new Error(`${label} disagrees`);
      reference ??= sums;
      results.push(`${label} ${ms.toFixed(2)} ms (${(w / ms / 1e6).toFixed(2)} Gw/s)`);
    }
    console.log(`kernel ${m.rows}x${m.cols}, CPU per product: ${results.join(', ')}; load average ${loadavg()[0]!.toFixed(1)}`);
  }
}

function decodeAndAdd(m: TernaryMatrix, q: Int8Array, out: Int32Array): void {
  const per = m.cols >> 2;
  for (let o = 0; o < m.rows; o++) {
    let s = 0;
    for (let k = 0; k < per; k++) {
      const b = m.packed[o * per + k]!;
      for (let j = 0; j < 4; j++) {
        const c = (b >> (2 * j)) & 3;
        if (c === 1) s += q[4 * k + j]!;
        else if (c === 3) s -= q[4 * k + j]!;
      }
    }
    out[o] = s;
  }
}

/**
 * Write a bf16 checkpoint with the card's shape: a header, then each tensor's bytes taken
 * from a pool of 2^20 Gaussian bf16 values (rotated per tensor), streamed in chunks.
 */
function writeCheckpoint(cardDir: string, outDir: string): number {
  copyFileSync(join(cardDir, 'config.json'), join(outDir, 'config.json'));
  const tensors = [...expectedTensors(loadModelConfig(cardDir))];
  const header: Record<string, unknown> = {};
  let offset = 0;
  for (const [name, shape] of tensors) {
    const bytes = shape.reduce((a, b) => a * b, 1) * 2;
    header[name] = { dtype: 'BF16', shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header).padEnd(Math.ceil((JSON.stringify(header).length) / 8) * 8, ' '));
  const fd = openSync(join(outDir, 'model.safetensors'), 'w');
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  writeSync(fd, len);
  writeSync(fd, json);
  const r = new Prng(1);
  const pool = new Uint16Array(1 << 21);
  const f32 = new Float32Array(1);
  const u32 = new Uint32Array(f32.buffer);
  const normals = new Float32Array(pool.length);
  r.fillGaussian(normals);
  for (let i = 0; i < pool.length; i++) {
    f32[0] = normals[i]! * 0.02;
    pool[i] = u32[0]! >>> 16;
  }
  const poolBytes = new Uint8Array(pool.buffer);
  for (const [k, [, shape]] of tensors.entries()) {
    let left = shape.reduce((a, b) => a * b, 1) * 2;
    let at = (k * 7919 * 2) % (poolBytes.length / 2);
    while (left > 0) {
      const n = Math.min(left, poolBytes.length / 2);
      writeSync(fd, poolBytes, at, n);
      left -= n;
      at = (at + 4099 * 2) % (poolBytes.length / 2);
    }
  }
  closeSync(fd);
  return 8 + json.length + offset;
}

function benchCheckpointLoad(dir: string): void {
  const t0 = performance.now();
  const model = loadModel(dir);
  const ms = performance.now() - t0;
  const fw = new IntegerForward(model);
  fw.step(1);
  const t1 = performance.now();
  fw.step(2);
  fw.step(3);
  console.log(
    `checkpoint load: ${(ms / 1000).toFixed(1)} s, then ${((performance.now() - t1) / 2).toFixed(0)} ms/token, ` +
      `peak RSS ${peakRssMb().toFixed(0)} MiB (synthetic_weights=${model.syntheticWeights})`,
  );
}

const [shapeArg, countArg] = process.argv.slice(2);
if (shapeArg === 'checkpoint') {
  const card = SHAPES[countArg ?? '370m'];
  if (!card) throw new Error(`unknown shape ${countArg}`);
  const dir = mkdtempSync(join(tmpdir(), 'mmfsim-ckpt-'));
  try {
    const t0 = performance.now();
    const bytes = writeCheckpoint(card, dir);
    console.log(`wrote ${(bytes / 2 ** 30).toFixed(2)} GiB bf16 checkpoint (${countArg ?? '370m'} shape) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    process.stdout.write(
      execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'load-checkpoint', dir], { encoding: 'utf8' }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else if (shapeArg === 'load-checkpoint') {
  benchCheckpointLoad(countArg!);
} else if (shapeArg === 'kernel') {
  benchKernel();
} else if (shapeArg) {
  if (!SHAPES[shapeArg]) throw new Error(`unknown shape ${shapeArg} (use ${Object.keys(SHAPES).join(', ')})`);
  benchShape(shapeArg, Number(countArg ?? 5), process.argv[4] as MatVecImplementation | undefined);
} else {
  const self = fileURLToPath(import.meta.url);
  for (const shape of ['kernel', ...Object.keys(SHAPES)]) {
    process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', self, shape], { encoding: 'utf8' }));
  }
}
