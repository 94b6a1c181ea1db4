import { describe, expect, it } from 'vitest';
import { TINY_DIR } from '../model/checkpoint-fixtures.ts';
import { cli } from './run-cli.ts';

// `mmfsim run --no-fast-forward` is the event-by-event run; the default fast-forwards. Both
// print the same JSON except the simulator's own cost (events, wall time, what was skipped).
describe('mmfsim run --no-fast-forward', () => {
  it('gives the same JSON as the default run, which reports what it skipped', async () => {
    const args = ['run', '--arch', 'arch-configs/d5005-paper-like.yaml', '--model', TINY_DIR, '--prompt-ids', '1', '--tokens', '1', '--json'];
    const fast = await cli(args);
    const slow = await cli([...args, '--no-fast-forward']);
    expect(fast.code).toBe(0);
    expect(slow.code).toBe(0);
    const a = JSON.parse(fast.stdout);
    const b = JSON.parse(slow.stdout);
    expect(a.fast_forward.enabled).toBe(true);
    expect(a.fast_forward.requests_skipped).toBeGreaterThan(0.8 * a.ddr.reads);
    expect(b.fast_forward).toEqual({ enabled: false, requests_skipped: 0, stretches: 0, closed_form_runs: 0 });
    expect(a.engine_events).toBeLessThan(b.engine_events);
    for (const o of [a, b]) {
      delete o.fast_forward;
      delete o.engine_events;
      delete o.wall_s;
    }
    expect(a).toEqual(b);
  }, 120_000);
});
