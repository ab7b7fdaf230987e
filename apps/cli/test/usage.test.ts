import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/commands';
import { flagName } from '../src/cli/flag-name';
import { assertBuilt, makeTempFolder, otflow, removeFolder } from './otflow-process';

let folder: string;
beforeAll(async () => {
  assertBuilt();
  folder = await makeTempFolder('usage');
});
afterAll(() => removeFolder(folder));

describe('otflow help and usage errors', () => {
  it('lists every command in --help, and prints the version', async () => {
    const help = await otflow(['--help'], folder);
    expect(help.code).toBe(0);
    for (const command of COMMANDS) expect(help.stdout).toContain(command.name);
    expect(help.stdout).toMatch(/--backend <name>.*one of: wasm, cpu/);
    const version = await otflow(['--version'], folder);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("documents every option of every command in that command's --help", async () => {
    const helps = await Promise.all(COMMANDS.map((command) => otflow([command.name, '--help'], folder)));
    COMMANDS.forEach((command, k) => {
      expect(helps[k].code).toBe(0);
      expect(helps[k].stdout).toMatch(/^Usage:/);
      for (const name of Object.keys(command.options)) expect(helps[k].stdout).toContain(flagName(name));
      expect(helps[k].stdout).toContain('--verbose');
    });
  });

  it('prints help and exits 2 without a command', async () => {
    const result = await otflow([], folder);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: otflow <command>');
  });

  it('rejects an unknown command or flag with exit code 2 and the closest valid name', async () => {
    const command = await otflow(['trian'], folder);
    expect(command.code).toBe(2);
    expect(command.stderr).toContain('unknown command "trian". Did you mean "train"?');
    const flag = await otflow(['train', '--data', '8gaussians', '--lrr', '0.1'], folder);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain('unknown option --lrr. Did you mean --lr?');
    expect(flag.stderr).toContain('Run "otflow train --help" for usage.');
    const casing = await otflow(['train', '--data', '8gaussians', '--nTh', '3'], folder);
    expect(casing.stderr).toContain('Did you mean --nth?');
  });

  it('enforces choices and value types, naming the flag and the valid values', async () => {
    const [backend, kind, number, alph, missing, switchValue] = await Promise.all([
      otflow(['--backend', 'gpu', 'bench'], folder),
      otflow(['quickstart', '--data', 'spiral'], folder),
      otflow(['train', '--data', '8gaussians', '--lr', 'fast'], folder),
      otflow(['train', '--data', '8gaussians', '--alph', '1,30'], folder),
      otflow(['sample', '--model'], folder),
      otflow(['info', 'm.json', '--json=yes'], folder),
    ]);
    for (const result of [backend, kind, number, alph, missing, switchValue]) {
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(/^\s+at /m);
    }
    expect(backend.stderr).toContain('--backend must be one of wasm, cpu; got "gpu"');
    expect(kind.stderr).toMatch(/--data must be one of 8gaussians, .*2spirals; got "spiral"/);
    expect(number.stderr).toContain('--lr must be a number > 0, got "fast"');
    expect(alph.stderr).toContain('--alph must be 3 comma-separated numbers ≥ 0 such as 1,30,1, got "1,30"');
    expect(missing.stderr).toContain('--model needs a value');
    expect(switchValue.stderr).toContain('--json is a switch and takes no value');
  });

  it('reports missing arguments and extra positionals as usage errors', async () => {
    const [noData, noPositional, extra, twoModels, noModel, noCount] = await Promise.all([
      otflow(['train'], folder),
      otflow(['info'], folder),
      otflow(['sample', 'm.json', 'stray', '-n', '3'], folder),
      otflow(['sample', 'stray', '--model', 'm.json', '-n', '3'], folder),
      otflow(['density', '--input', 'points.csv'], folder),
      otflow(['sample', 'm.json'], folder),
    ]);
    expect(noData.stderr).toContain('--data is required, e.g. --data 8gaussians');
    expect(noPositional.stderr).toContain('missing <model.json>');
    expect(extra.stderr).toContain('unexpected extra argument "stray"');
    expect(twoModels.stderr).toContain('two model files given (stray and --model m.json): pass one, as the first argument or with --model');
    expect(noModel.stderr).toContain('which model? Pass the model file as the first argument (otflow density model.json …) or with --model');
    expect(noCount.stderr).toContain('-n is required');
    for (const result of [noData, noPositional, extra, twoModels, noModel, noCount]) expect(result.code).toBe(2);
  });
});
