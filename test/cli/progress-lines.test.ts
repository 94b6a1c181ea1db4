import { describe, expect, it } from 'vitest';
import { ProgressLines } from '../../sim/cli/progress-lines.ts';

describe('ProgressLines (non-terminal progress)', () => {
  const run = (times: number[], interval = 2000) => {
    let t = 0;
    const out: string[] = [];
    const p = new ProgressLines((l) => out.push(l), interval, () => t);
    times.forEach((at, i) => {
      t = at;
      p.update(i + 1, times.length, `pass ${i + 1}`);
    });
    return out;
  };

  it('a short run prints nothing', () => {
    expect(run([100, 200, 300, 400])).toEqual([]);
  });

  it('a long run prints at most one line per interval, and ends at the last pass', () => {
    expect(run([1500, 2500, 3000, 4400, 4600, 5000])).toEqual(['pass 2', 'pass 5', 'pass 6']);
  });

  it('a line printed exactly at the last pass is not repeated', () => {
    expect(run([1000, 2100])).toEqual(['pass 2']);
  });
});
