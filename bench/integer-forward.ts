/**
 * Integer forward pass speed and memory on the published model shapes (synthetic weights).
 *
 *   npx tsx bench/integer-forward.ts            # all three shapes, one child process each
 *   npx tsx bench/integer-forward.ts 1.3b 5     # one shape, 5 measured tokens
 *
 * Each shape runs in its own process so its peak RSS (VmHWM) is its own. Also prints the
 * ternary kernel's throughput against a plain decode-and-add loop (the profile that chose
 * the table-lookup kernel).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { IntegerForward } from '../sim/model/integer-forward.ts';
import { loadModel } from '../sim/model/load-model.ts';
import { TernaryMatVec } from '../sim/model/ternary-matvec.ts';
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

function benchShape(shape: string, measured: number): void {
  const t0 = performance.now();
  const model = loadModel(SHAPES[shape]!);
  const loadMs = performance.now() - t0;
  const weights = ternaryMatrices(model).reduce((n, m) => n + m.rows * m.cols, 0);
  const packedMb = ternaryMatrices(model).reduce((n, m) => n + m.packed.byteLength, 0) / 2 ** 20;
  const fw = new IntegerForward(model);
  fw.step(1); // warm-up: JIT and page-in
  const t1 = performance.now();
  for (let i = 0; i < measured; i++) fw.step((i * 7919) % model.config.vocabSize);
  const msPerToken = (performance.now() - t1) / measured;
  console.log(
    `${shape.padEnd(5)} synthetic weights: ${(weights / 1e6).toFixed(1)} M ternary, packed ${packedMb.toFixed(1)} MiB, ` +
      `load ${(loadMs / 1000).toFixed(1)} s, ${msPerToken.toFixed(0)} ms/token ` +
      `(${(weights / msPerToken / 1e6).toFixed(2)} G weights/s), peak RSS ${peakRssMb().toFixed(0)} MiB`,
  );
}

/** One gate_proj of the 370M shape: LUT kernel vs decoding every 2-bit code. */
function benchKernel(): void {
  const model = loadModel('models/mmfreelm-370m');
  const m: TernaryMatrix = model.layers[0]!.gateProj;
  const q = new Int8Array(m.cols).map((_, i) => ((i * 37) % 255) - 127);
  const sums = new Int32Array(m.rows);
  const check = new Int32Array(m.rows);
  const kernel = new TernaryMatVec();
  const time = (f: () => void): number => {
    f();
    const t = performance.now();
    for (let i = 0; i < 5; i++) f();
    return (performance.now() - t) / 5;
  };
  const lut = time(() => kernel.run(m, q, sums));
  const naive = time(() => decodeAndAdd(m, q, check));
  if (!sums.every((v, i) => v === check[i])) throw new Error('kernels disagree');
  const w = m.rows * m.cols;
  console.log(
    `kernel ${m.rows}x${m.cols}: table lookup ${lut.toFixed(2)} ms (${(w / lut / 1e6).toFixed(2)} Gw/s), ` +
      `decode-and-add ${naive.toFixed(2)} ms (${(w / naive / 1e6).toFixed(2)} Gw/s)`,
  );
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

const [shapeArg, countArg] = process.argv.slice(2);
if (shapeArg === 'kernel') {
  benchKernel();
} else if (shapeArg) {
  if (!SHAPES[shapeArg]) throw new Error(`unknown shape ${shapeArg} (use ${Object.keys(SHAPES).join(', ')})`);
  benchShape(shapeArg, Number(countArg ?? 3));
} else {
  const self = fileURLToPath(import.meta.url);
  for (const shape of ['kernel', ...Object.keys(SHAPES)]) {
    process.stdout.write(execFileSync(process.execPath, ['--import', 'tsx', self, shape], { encoding: 'utf8' }));
  }
}
