import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** Which tfjs backend the reference forward pass ran on. */
export type TfBackendName = 'tensorflow' | 'wasm' | 'cpu';

let selected: Promise<TfBackendName> | null = null;

/**
 * Pick the fastest tfjs backend that loads here, once per process: tfjs-node (native
 * TensorFlow, an optional dependency that often cannot be installed), then the wasm
 * backend (~28× faster than cpu), then the pure-JS cpu backend. In Node the wasm backend
 * must be told where its .wasm binaries are: we point it at the installed package's dist/
 * directory as a file path (a file:// URL is not accepted by its fetch-less loader).
 */
export function selectTfBackend(preferred?: TfBackendName): Promise<TfBackendName> {
  selected ??= choose(preferred);
  return selected;
}

async function choose(preferred?: TfBackendName): Promise<TfBackendName> {
  const order: TfBackendName[] = preferred ? [preferred] : ['tensorflow', 'wasm', 'cpu'];
  for (const name of order) {
    try {
      if (await tryBackend(name)) return name;
    } catch {
      // Not available on this machine: fall through to the next backend.
    }
  }
  throw new Error(`no tfjs backend could be initialised (tried ${order.join(', ')})`);
}

async function tryBackend(name: TfBackendName): Promise<boolean> {
  switch (name) {
    case 'tensorflow': {
      // A variable specifier keeps TypeScript from requiring the optional package's types.
      const moduleName = '@tensorflow/tfjs-node';
      await import(moduleName);
      return tf.setBackend('tensorflow');
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const require = createRequire(import.meta.url);
      const dist = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/';
      wasm.setWasmPaths(dist);
      return tf.setBackend('wasm');
    }
    case 'cpu':
      await import('@tensorflow/tfjs-backend-cpu');
      return tf.setBackend('cpu');
    default: {
      const never: never = name;
      throw new Error(`unknown backend ${String(never)}`);
    }
  }
}
