/**
 * The request stream `mmfsim run` sends its memory, captured as a DRAM trace: every request
 * the first memory model built receives (core 0's port when cores have private memories),
 * with the cycle it entered (DRAM clock), in `0xADDR READ|WRITE CYCLE` lines — one line per
 * request, or per `--split` bytes of it (32 for an HBM2 pseudo-channel trace).
 *
 *   npx tsx bench/capture-run-trace.ts --arch arch-configs/d5005-burst.yaml \
 *       --model models/mmfreelm-370m --limit 200000 --out /tmp/weights.trace [--split 32]
 *
 * The fast paths that serve reads without queueing them are hidden from the run (the model
 * answers as if it had none, which gives identical timing) so every request passes through
 * `enqueue`. Stops after `--limit` requests.
 */
import { writeFileSync } from 'node:fs';
import { loadArch, simulate } from '../sim/index.ts';
import type { MemRequest, MemoryModel } from '../sim/memory/memory-model.ts';
import { memoryTechnology } from '../sim/memory/registry.ts';

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

const archFile = arg('arch');
const modelDir = arg('model', 'models/mmfreelm-370m');
const limit = Number(arg('limit', '200000'));
const out = arg('out');
const split = Number(arg('split', '0'));

const FAST_PATHS = new Set(['isolatedRead', 'isolatedReadRun', 'endIsolatedReads', 'isolatedReadLatency']);
const lines: string[] = [];
class Enough extends Error {}

const arch = loadArch(archFile);
const tech = memoryTechnology(arch.memory) as { create: (spec: never, ctx: never) => MemoryModel };
const create = tech.create;
let captured = false;
tech.create = (spec, ctx) => {
  const model = create(spec, ctx);
  if (captured) return model;
  captured = true;
  return new Proxy(model, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && FAST_PATHS.has(prop)) return undefined;
      if (prop === 'enqueue') {
        return (req: MemRequest, cycle: number) => {
          const kind = req.write ? 'WRITE' : 'READ';
          if (split > 0) {
            for (let a = Math.floor(req.addr / split) * split; a < req.addr + req.bytes; a += split) lines.push(`0x${a.toString(16)} ${kind} ${cycle}`);
          } else {
            lines.push(`0x${req.addr.toString(16)} ${kind} ${cycle}`);
          }
          if (lines.length >= limit) throw new Enough();
          target.enqueue(req, cycle);
        };
      }
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
};

try {
  simulate({ arch, model: modelDir, tokens: 1, timingOnly: true, promptIds: [1] });
} catch (e) {
  if (!(e instanceof Enough)) throw e;
}
writeFileSync(out, lines.slice(0, limit).join('\n') + '\n');
console.error(`${out}: ${Math.min(lines.length, limit)} lines`);
