import type { ProgressEvent } from '@otflow/train';
import { describe, expect, it } from 'vitest';
import { createTrainingProgress } from './progress';

function event(iteration: number, validation = false): ProgressEvent {
  const record = { iteration, objective: 3.5, transportCost: 1.25, nll: 2.75, hjb: 0.125, learningRate: 0.05 };
  const checked = { iteration, objective: 3.25, transportCost: 1.5, nll: 2.5, hjb: 0.25 };
  return { iteration, iterations: 100, record, validation: validation ? checked : undefined, best: validation ? checked : null, elapsedMs: 0 };
}

function recorder() {
  const written: string[] = [];
  return { written, stream: { write: (text: string) => written.push(text), columns: 200 } };
}

describe('createTrainingProgress', () => {
  it('logs every logEvery iterations and at validations when stderr is not a terminal', () => {
    let clock = 0;
    const { written, stream } = recorder();
    const progress = createTrainingProgress(stream, { interactive: false, logEvery: 10, now: () => clock });
    for (let i = 1; i <= 20; i++) {
      clock += 100;
      progress.update(event(i, i === 15));
    }
    expect(written).toHaveLength(3);
    expect(written[0]).toBe('iter 10/100  J 3.5  L 1.25  C 2.75  R 0.125  lr 0.05  | 1.0 s, ETA 9.0 s\n');
    expect(written[1]).toContain('iter 15/100');
    expect(written[1]).toContain('| val J 3.25 NLL 2.5, best NLL 2.5 @ 15');
    expect(written[2]).toContain('iter 20/100');
  });

  it('redraws one status line on a terminal, keeps notes on their own lines, and ends the line', () => {
    let clock = 0;
    const { written, stream } = recorder();
    const progress = createTrainingProgress(stream, { interactive: true, logEvery: 10, now: () => clock });
    clock = 200;
    progress.update(event(50, true));
    progress.log('a note');
    progress.finish();
    expect(written[0]).toBe(
      `\r\x1b[2K[${'█'.repeat(10)}${'░'.repeat(10)}]  50%  50/100  ETA 10.0 s  val NLL 2.5  J 3.5  L 1.25  C 2.75  R 0.125`,
    );
    expect(written.slice(1)).toEqual(['\r\x1b[2K', 'a note\n']);
    progress.update(event(51));
    expect(written).toHaveLength(3); // redrawn at most every 100 ms
    clock += 100;
    progress.update(event(52));
    expect(written[3]).toContain('52/100');
    progress.finish();
    expect(written.at(-1)).toBe('\n');
  });
});
