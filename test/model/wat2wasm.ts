import wabt from 'wabt';

/** wat2wasm (wabt's own build, a dev dependency): the reference assembler the kernels' bytes are checked against. */
export async function wat2wasm(source: string): Promise<Uint8Array> {
  const w = await wabt();
  const mod = w.parseWat('kernel.wat', source, { simd: true });
  try {
    mod.validate();
    return mod.toBinary({ canonicalize_lebs: true, write_debug_names: false }).buffer;
  } finally {
    mod.destroy();
  }
}
