import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, makeTempFolder, otflow, removeFolder } from './otflow-process';

let folder: string;
beforeAll(async () => {
  assertBuilt();
  folder = await makeTempFolder('bench');
});
afterAll(() => removeFolder(folder));

describe('otflow bench', () => {
  it('times training steps, sampling and log-density on the backend asked for', async () => {
    const args = ['bench', '--batch-sizes', '32,64', '--points', '64', '--repeats', '1'];
    const [wasm, cpu, table] = await Promise.all([
      otflow([...args, '--json'], folder),
      otflow(['--backend', 'cpu', 'bench', '--batch-sizes', '16', '--points', '16', '--repeats', '1', '--json'], folder),
      otflow(args, folder),
    ]);
    for (const result of [wasm, cpu, table]) expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(wasm.stdout);
    expect(report.backend).toBe('wasm');
    expect(JSON.parse(cpu.stdout).backend).toBe('cpu');
    expect(report.results.map((r: { operation: string; size: string }) => `${r.operation} / ${r.size}`)).toEqual([
      'training step (m 32, nt 8) / batch 32',
      'training step (m 32, nt 8) / batch 64',
      'sample (nt 12) / 64 points',
      'log-density (nt 12) / 64 points',
    ]);
    for (const row of report.results) expect(row.minMs).toBeGreaterThan(0);
    expect(table.stdout).toMatch(/^operation\s+size\s+median\s+min\n/);
  });
});
