import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/input-error.ts';
import { defaultIntermediateSize, loadModelConfig, parseModelConfig } from '../../sim/model/config.ts';

const base = { model_type: 'hgrn_bit', vocab_size: 256, hidden_size: 256, num_hidden_layers: 4 };

function errorOf(obj: unknown, text?: string): InputError {
  try {
    parseModelConfig(text ?? JSON.stringify(obj), 'dir/config.json');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

describe('config.json', () => {
  it('computes I = 256 * ceil(floor(D * hidden_ratio * 2/3) / 256) when intermediate_size is null', () => {
    expect(defaultIntermediateSize(256, 4)).toBe(768);
    expect(defaultIntermediateSize(1024, 4)).toBe(2816);
    expect(defaultIntermediateSize(2048, 4)).toBe(5632);
    expect(defaultIntermediateSize(2560, 4)).toBe(6912);
    expect(parseModelConfig(JSON.stringify({ ...base, intermediate_size: null }), 'c').intermediateSize).toBe(768);
    expect(parseModelConfig(JSON.stringify({ ...base, intermediate_size: 1000 }), 'c').intermediateSize).toBe(1000);
  });

  it('loads the bundled tiny model and the model cards', () => {
    const tiny = loadModelConfig('models/pycode-tiny');
    expect(tiny).toMatchObject({ vocabSize: 256, hiddenSize: 256, numLayers: 4, intermediateSize: 768, useLowerBound: true });
    expect(loadModelConfig('models/mmfreelm-1.3b')).toMatchObject({ vocabSize: 32000, hiddenSize: 2048, numLayers: 24, intermediateSize: 5632 });
    expect(loadModelConfig('models/mmfreelm-2.7b')).toMatchObject({ hiddenSize: 2560, numLayers: 32, intermediateSize: 6912 });
  });

  it('names the key of a validation error', () => {
    const e1 = errorOf({ ...base, hidden_size: 'big' });
    expect(e1.key).toBe('hidden_size');
    expect(e1.message).toMatch(/^dir\/config.json: hidden_size: .*number/);
    const e2 = errorOf({ ...base, model_type: 'llama' });
    expect(e2.key).toBe('model_type');
    const e3 = errorOf({ model_type: 'hgrn_bit', vocab_size: 256, hidden_size: 256 });
    expect(e3.key).toBe('num_hidden_layers');
    expect(e3.message).toMatch(/key is missing/);
    expect(errorOf({ ...base, use_short_conv: true }).key).toBe('use_short_conv');
    expect(errorOf({ ...base, vocab_size: -3 }).key).toBe('vocab_size');
  });

  it('rejects text that is not a JSON object', () => {
    expect(errorOf(null, '{"vocab_size": ').message).toMatch(/dir\/config.json: not valid JSON/);
    expect(errorOf([1]).message).toMatch(/expected a JSON object/);
  });

  it('reports a missing config.json as bad input', () => {
    expect(() => loadModelConfig('/nonexistent-model')).toThrow(/config.json: cannot read model config \(ENOENT\)/);
  });
});
