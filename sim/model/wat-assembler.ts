/**
 * A tiny assembler for the subset of the WebAssembly text format (WAT) that the SIMD
 * ternary kernel is written in, so the kernel ships as readable source and is assembled at
 * load time (no toolchain, no committed binary). test/model/wat-assembler.test.ts checks
 * that it emits exactly the bytes of wabt's wat2wasm for the kernel source.
 *
 * Accepted module fields: one memory import `(import "m" "n" (memory MIN MAX?))` and
 * functions `(func $name (export "x")? (param $p T)* (result T)? (local $l T)* INSTR*)`
 * whose bodies use the flat (unfolded) instruction syntax: `block $l` / `loop $l` / `if`
 * … `else` … `end`, labels and locals by `$name` or index, memory immediates `offset=N`
 * `align=N`, `v128.const i8x16|i16x8|i32x4 …`, `i8x16.shuffle …`. Line comments `;;`.
 * Anything else is rejected with the token that was not understood.
 */

type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';
const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** How an instruction's immediates are written after its opcode. */
type Imm = 'none' | 'block' | 'label' | 'local' | 'i32' | 'mem' | 'v128' | 'lanes16';

/** Opcode bytes (the 0xfd prefix's sub-opcode is a LEB128 u32) and the natural alignment (log2) of memory ops. */
interface OpInfo {
  code: number[];
  imm: Imm;
  align?: number;
}

const simd = (sub: number, imm: Imm = 'none', align?: number): OpInfo => ({ code: [0xfd, ...uleb(sub)], imm, align });

const OPS: Record<string, OpInfo> = {
  unreachable: { code: [0x00], imm: 'none' },
  nop: { code: [0x01], imm: 'none' },
  block: { code: [0x02], imm: 'block' },
  loop: { code: [0x03], imm: 'block' },
  if: { code: [0x04], imm: 'block' },
  else: { code: [0x05], imm: 'none' },
  end: { code: [0x0b], imm: 'none' },
  br: { code: [0x0c], imm: 'label' },
  br_if: { code: [0x0d], imm: 'label' },
  return: { code: [0x0f], imm: 'none' },
  drop: { code: [0x1a], imm: 'none' },
  select: { code: [0x1b], imm: 'none' },
  'local.get': { code: [0x20], imm: 'local' },
  'local.set': { code: [0x21], imm: 'local' },
  'local.tee': { code: [0x22], imm: 'local' },
  'i32.load': { code: [0x28], imm: 'mem', align: 2 },
  'i32.load8_s': { code: [0x2c], imm: 'mem', align: 0 },
  'i32.load8_u': { code: [0x2d], imm: 'mem', align: 0 },
  'i32.store': { code: [0x36], imm: 'mem', align: 2 },
  'i32.store8': { code: [0x3a], imm: 'mem', align: 0 },
  'i32.const': { code: [0x41], imm: 'i32' },
  'i32.eqz': { code: [0x45], imm: 'none' },
  'i32.eq': { code: [0x46], imm: 'none' },
  'i32.ne': { code: [0x47], imm: 'none' },
  'i32.lt_s': { code: [0x48], imm: 'none' },
  'i32.lt_u': { code: [0x49], imm: 'none' },
  'i32.gt_s': { code: [0x4a], imm: 'none' },
  'i32.gt_u': { code: [0x4b], imm: 'none' },
  'i32.le_u': { code: [0x4d], imm: 'none' },
  'i32.ge_u': { code: [0x4f], imm: 'none' },
  'i32.add': { code: [0x6a], imm: 'none' },
  'i32.sub': { code: [0x6b], imm: 'none' },
  'i32.mul': { code: [0x6c], imm: 'none' },
  'i32.and': { code: [0x71], imm: 'none' },
  'i32.or': { code: [0x72], imm: 'none' },
  'i32.xor': { code: [0x73], imm: 'none' },
  'i32.shl': { code: [0x74], imm: 'none' },
  'i32.shr_s': { code: [0x75], imm: 'none' },
  'i32.shr_u': { code: [0x76], imm: 'none' },
  'v128.load': simd(0x00, 'mem', 4),
  'v128.store': simd(0x0b, 'mem', 4),
  'v128.const': simd(0x0c, 'v128'),
  'i8x16.shuffle': simd(0x0d, 'lanes16'),
  'i8x16.swizzle': simd(0x0e),
  'i8x16.splat': simd(0x0f),
  'i16x8.splat': simd(0x10),
  'i32x4.splat': simd(0x11),
  'v128.not': simd(0x4d),
  'v128.and': simd(0x4e),
  'v128.andnot': simd(0x4f),
  'v128.or': simd(0x50),
  'v128.xor': simd(0x51),
  'i8x16.narrow_i16x8_s': simd(0x65),
  'i8x16.shl': simd(0x6b),
  'i8x16.shr_s': simd(0x6c),
  'i8x16.shr_u': simd(0x6d),
  'i8x16.add': simd(0x6e),
  'i8x16.sub': simd(0x71),
  'i16x8.extadd_pairwise_i8x16_s': simd(0x7c),
  'i32x4.extadd_pairwise_i16x8_s': simd(0x7e),
  'i16x8.extend_low_i8x16_s': simd(0x87),
  'i16x8.extend_high_i8x16_s': simd(0x88),
  'i16x8.shl': simd(0x8b),
  'i16x8.add': simd(0x8e),
  'i16x8.sub': simd(0x91),
  'i16x8.mul': simd(0x95),
  'i32x4.extend_low_i16x8_s': simd(0xa7),
  'i32x4.extend_high_i16x8_s': simd(0xa8),
  'i32x4.shl': simd(0xab),
  'i32x4.add': simd(0xae),
  'i32x4.sub': simd(0xb1),
  'i32x4.dot_i16x8_s': simd(0xba),
};

export class WatSyntaxError extends Error {}

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

function name(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

// ---------------------------------------------------------------- S-expression reading

type SExpr = string | SExpr[];

function tokenize(src: string): string[] {
  const tokens: string[] = [];
  const re = /\s+|;;[^\n]*|\(;[\s\S]*?;\)|(\(|\)|"(?:[^"\\]|\\.)*"|[^\s()";]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < src.length && (m = re.exec(src)) !== null) {
    if (m[1] !== undefined) tokens.push(m[1]);
    at = re.lastIndex;
  }
  if (at < src.length) throw new WatSyntaxError(`cannot read WAT at offset ${at}: ${JSON.stringify(src.slice(at, at + 20))}`);
  return tokens;
}

function parse(tokens: string[]): SExpr[] {
  const stack: SExpr[][] = [[]];
  for (const t of tokens) {
    if (t === '(') {
      const list: SExpr[] = [];
      stack[stack.length - 1]!.push(list);
      stack.push(list);
    } else if (t === ')') {
      if (stack.length === 1) throw new WatSyntaxError('unbalanced )');
      stack.pop();
    } else {
      stack[stack.length - 1]!.push(t);
    }
  }
  if (stack.length !== 1) throw new WatSyntaxError('unbalanced (');
  return stack[0]!;
}

function atom(e: SExpr | undefined, what: string): string {
  if (typeof e !== 'string') throw new WatSyntaxError(`expected ${what}, got ${JSON.stringify(e)}`);
  return e;
}

function valType(e: SExpr | undefined): ValType {
  const t = atom(e, 'a value type');
  if (!(t in VALTYPE)) throw new WatSyntaxError(`unknown value type ${t}`);
  return t as ValType;
}

function unquote(s: string): string {
  if (!/^".*"$/.test(s)) throw new WatSyntaxError(`expected a string, got ${s}`);
  return s.slice(1, -1);
}

function int(s: string): number {
  const v = Number(s.replace(/_/g, ''));
  if (!Number.isInteger(v)) throw new WatSyntaxError(`expected an integer, got ${s}`);
  return v;
}

// ---------------------------------------------------------------- module assembly

interface Func {
  params: { id: string | null; type: ValType }[];
  results: ValType[];
  locals: { id: string | null; type: ValType }[];
  exportName: string | null;
  body: string[];
}

/** Assemble a WAT module (the subset above) to a WebAssembly binary. */
export function assembleWat(source: string): Uint8Array<ArrayBuffer> {
  const top = parse(tokenize(source));
  const mod = top[0];
  if (top.length !== 1 || !Array.isArray(mod) || mod[0] !== 'module') throw new WatSyntaxError('expected one (module …)');
  let memoryImport: number[] | null = null;
  const funcs: Func[] = [];
  for (const field of mod.slice(1)) {
    if (!Array.isArray(field)) throw new WatSyntaxError(`unexpected ${field} in module`);
    if (field[0] === 'import') {
      const mem = field[3];
      if (!Array.isArray(mem) || mem[0] !== 'memory') throw new WatSyntaxError('only memory imports are supported');
      const limits = mem.slice(1).map((e) => int(atom(e, 'a page count')));
      memoryImport = [
        ...name(unquote(atom(field[1], 'a module name'))),
        ...name(unquote(atom(field[2], 'a field name'))),
        0x02,
        ...(limits.length === 2 ? [0x01, ...uleb(limits[0]!), ...uleb(limits[1]!)] : [0x00, ...uleb(limits[0]!)]),
      ];
    } else if (field[0] === 'func') {
      funcs.push(readFunc(field));
    } else {
      throw new WatSyntaxError(`unsupported module field ${JSON.stringify(field[0])}`);
    }
  }

  // Function types, deduplicated in order of first use (as wat2wasm does).
  const types: number[][] = [];
  const typeKeys: string[] = [];
  const typeOf = funcs.map((f) => {
    const t = [0x60, ...vec(f.params.map((p) => [VALTYPE[p.type]])), ...vec(f.results.map((r) => [VALTYPE[r]]))];
    const key = t.join(',');
    let i = typeKeys.indexOf(key);
    if (i < 0) {
      i = typeKeys.push(key) - 1;
      types.push(t);
    }
    return i;
  });
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  out.push(...section(1, vec(types)));
  if (memoryImport) out.push(...section(2, vec([memoryImport])));
  out.push(...section(3, vec(typeOf.map((t) => uleb(t)))));
  const exports = funcs.flatMap((f, i) => (f.exportName === null ? [] : [[...name(f.exportName), 0x00, ...uleb(i)]]));
  if (exports.length > 0) out.push(...section(7, vec(exports)));
  out.push(...section(10, vec(funcs.map((f) => { const b = funcBody(f); return [...uleb(b.length), ...b]; }))));
  return new Uint8Array(out);
}

function readFunc(field: SExpr[]): Func {
  const f: Func = { params: [], results: [], locals: [], exportName: null, body: [] };
  let i = 1;
  if (typeof field[i] === 'string' && (field[i] as string).startsWith('$')) i++;
  for (; i < field.length; i++) {
    const e = field[i]!;
    if (typeof e === 'string') {
      f.body.push(e);
      continue;
    }
    if (f.body.length > 0) throw new WatSyntaxError(`folded instruction ${JSON.stringify(e)} is not supported; use the flat form`);
    const head = e[0];
    if (head === 'export') f.exportName = unquote(atom(e[1], 'an export name'));
    else if (head === 'result') f.results.push(...e.slice(1).map(valType));
    else if (head === 'param' || head === 'local') {
      const list = head === 'param' ? f.params : f.locals;
      const rest = e.slice(1);
      if (typeof rest[0] === 'string' && rest[0].startsWith('$')) list.push({ id: rest[0], type: valType(rest[1]) });
      else list.push(...rest.map((t) => ({ id: null, type: valType(t) })));
    } else throw new WatSyntaxError(`unsupported func field ${JSON.stringify(head)}`);
  }
  return f;
}

function funcBody(f: Func): number[] {
  const localIndex = new Map<string, number>();
  [...f.params, ...f.locals].forEach((l, i) => {
    if (l.id !== null) localIndex.set(l.id, i);
  });
  // Locals are declared as runs of one type.
  const runs: number[][] = [];
  for (let i = 0; i < f.locals.length; ) {
    let j = i;
    while (j < f.locals.length && f.locals[j]!.type === f.locals[i]!.type) j++;
    runs.push([...uleb(j - i), VALTYPE[f.locals[i]!.type]]);
    i = j;
  }
  const code: number[] = [...vec(runs)];
  const labels: (string | null)[] = []; // innermost last
  const toks = f.body;
  let p = 0;
  const next = (what: string): string => {
    const t = toks[p++];
    if (t === undefined) throw new WatSyntaxError(`expected ${what} at the end of a function`);
    return t;
  };
  while (p < toks.length) {
    const op = toks[p++]!;
    const info = OPS[op];
    if (!info) throw new WatSyntaxError(`unknown or unsupported instruction ${op}`);
    code.push(...info.code);
    switch (info.imm) {
      case 'none':
        if (op === 'end') {
          if (labels.length === 0) throw new WatSyntaxError('end without block');
          labels.pop();
        }
        break;
      case 'block': {
        const t = toks[p];
        labels.push(t !== undefined && t.startsWith('$') ? (p++, t) : null);
        if (toks[p] === '(') throw new WatSyntaxError('block types are not supported');
        code.push(0x40);
        break;
      }
      case 'label': {
        const t = next('a label');
        let depth: number;
        if (t.startsWith('$')) {
          const at = labels.lastIndexOf(t);
          if (at < 0) throw new WatSyntaxError(`unknown label ${t}`);
          depth = labels.length - 1 - at;
        } else depth = int(t);
        code.push(...uleb(depth));
        break;
      }
      case 'local': {
        const t = next('a local');
        const idx = t.startsWith('$') ? localIndex.get(t) : int(t);
        if (idx === undefined) throw new WatSyntaxError(`unknown local ${t}`);
        code.push(...uleb(idx));
        break;
      }
      case 'i32':
        code.push(...sleb(int(next('an i32')) | 0));
        break;
      case 'mem': {
        let offset = 0;
        let align = info.align!;
        for (;;) {
          const t = toks[p];
          if (t?.startsWith('offset=')) offset = int(t.slice(7));
          else if (t?.startsWith('align=')) align = Math.log2(int(t.slice(6)));
          else break;
          p++;
        }
        code.push(...uleb(align), ...uleb(offset));
        break;
      }
      case 'v128': {
        const shape = next('a v128 shape');
        const lanes = { i8x16: 16, i16x8: 8, i32x4: 4 }[shape];
        if (!lanes) throw new WatSyntaxError(`unsupported v128.const shape ${shape}`);
        const bytes = new DataView(new ArrayBuffer(16));
        for (let k = 0; k < lanes; k++) {
          const v = int(next('a lane value'));
          if (lanes === 16) bytes.setInt8(k, v << 24 >> 24);
          else if (lanes === 8) bytes.setInt16(2 * k, v << 16 >> 16, true);
          else bytes.setInt32(4 * k, v | 0, true);
        }
        code.push(...new Uint8Array(bytes.buffer));
        break;
      }
      case 'lanes16':
        for (let k = 0; k < 16; k++) code.push(int(next('a lane index')));
        break;
    }
  }
  if (labels.length !== 0) throw new WatSyntaxError(`${labels.length} block(s) not closed`);
  code.push(0x0b);
  return code;
}
