/**
 * A model card small enough that a fuzzing case runs it in milliseconds: one layer of width
 * 64 over a byte vocabulary (about 24 KB of synthetic ternary weights), so "validate said ok,
 * now run it" costs little whatever design the case mutated.
 */
export const TINY_MODEL_CONFIG = {
  model_type: 'hgrn_bit',
  vocab_size: 256,
  hidden_size: 64,
  num_hidden_layers: 1,
  intermediate_size: 128,
  bos_token_id: 1,
  eos_token_id: 2,
};

export const TINY_MODEL_FILES = { 'model/config.json': JSON.stringify(TINY_MODEL_CONFIG) };
