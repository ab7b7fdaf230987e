import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReferenceFixture } from '../../../test/reference-fixture';
import { assertBuilt, folderContents, makeTempFolder, otflow, removeFolder } from './otflow-process';

let root: string;
let caseNumber = 0;

/** Inputs every case may use; each case copies the ones it needs into a folder of its own. */
const INPUTS: Record<string, string> = {
  'points.csv': 'x1,x2\n0.5,1\n-1,0.25\n',
  'ragged.csv': 'x1,x2\n0.5,1\n-1\n2,3\n',
  'nan.csv': '1,2\n3,4\nNaN,5\n6,7\n',
  'three.csv': '1,2,3\n4,5,6\n',
};

beforeAll(async () => {
  assertBuilt();
  root = await makeTempFolder('bad-input');
  const fixture = readReferenceFixture();
  await writeFile(join(root, 'reference.json'), JSON.stringify({ config: fixture.config, state_dict: fixture.state_dict }));
  const imported = await otflow(['import-reference', 'reference.json', '--out', 'model.json'], root);
  expect(imported.code).toBe(0);
  const model = await readFile(join(root, 'model.json'), 'utf8');
  INPUTS['model.json'] = model;
  INPUTS['truncated.json'] = model.slice(0, Math.floor(model.length / 2));
  INPUTS['blocker'] = 'a file where a folder should be';
});
afterAll(() => removeFolder(root));

/**
 * Runs otflow in a fresh folder holding `inputs`, expects it to fail with `code` and a message matching `message`,
 * and checks that it left nothing behind: no output, no temporary file.
 */
async function expectFailure(args: string[], inputs: string[], code: 1 | 2, message: RegExp): Promise<void> {
  caseNumber += 1;
  const folder = join(root, `case-${caseNumber}`);
  await mkdir(folder);
  for (const name of inputs) await writeFile(join(folder, name), INPUTS[name]);
  const result = await otflow(args, folder);
  expect(result.code, result.stderr).toBe(code);
  const lines = result.stderr.trim().split('\n');
  if (code === 1) {
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^otflow: /);
  } else {
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^Run "otflow \S+ --help" for usage\.$/);
  }
  expect(lines[0]).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).toBe('');
  expect(await folderContents(folder)).toEqual([...inputs].sort());
}

describe.concurrent('otflow rejects bad input with a one-line message and leaves no partial output', () => {
  it('a missing model or data file', async () => {
    await expectFailure(['density', '--model', 'missing.json', '--input', 'points.csv', '--out', 'logp.csv'], ['points.csv'], 1, /Model file not found: missing\.json/);
    await expectFailure(['train', '--data', 'absent.csv', '--out', 'm.json'], [], 1, /File not found: .*absent\.csv/);
    await expectFailure(['density', '--model', 'model.json', '--input', 'nowhere.npy'], ['model.json'], 1, /File not found: nowhere\.npy/);
  });

  it('a CSV with a ragged row', async () => {
    await expectFailure(
      ['density', '--model', 'model.json', '--input', 'ragged.csv', '--out', 'logp.csv'],
      ['model.json', 'ragged.csv'],
      1,
      /ragged\.csv: line 3 has 1 field, but the header has 2/,
    );
  });

  it('NaN values', async () => {
    await expectFailure(['train', '--data', 'nan.csv', '--out', 'm.json', '--iters', '5'], ['nan.csv'], 1, /nan\.csv: line 3, column index 0: "NaN" is not a finite number/);
  });

  it('points of the wrong dimension for the model', async () => {
    const wrong = /three\.csv has 3 columns per row, but the model is 2-dimensional/;
    await expectFailure(['density', '--model', 'model.json', '--input', 'three.csv', '--out', 'logp.csv'], ['model.json', 'three.csv'], 1, wrong);
    await expectFailure(['eval', '--model', 'model.json', '--data', 'three.csv', '--out', 'metrics.json'], ['model.json', 'three.csv'], 1, wrong);
  });

  it('a truncated model file', async () => {
    await expectFailure(['sample', '--model', 'truncated.json', '-n', '10', '--out', 's.csv'], ['truncated.json'], 1, /truncated\.json: The model file is truncated or corrupt/);
    await expectFailure(['info', 'truncated.json'], ['truncated.json'], 1, /truncated/);
  });

  it('zero or negative counts', async () => {
    await expectFailure(['sample', '--model', 'model.json', '-n', '0', '--out', 's.csv'], ['model.json'], 2, /-n must be a positive integer, got "0"/);
    await expectFailure(['sample', '--model', 'model.json', '-n', '-3', '--out', 's.csv'], ['model.json'], 2, /-n must be a positive integer, got "-3"/);
    await expectFailure(['eval', '--model', 'model.json', '--data', 'swissroll', '-n', '-1'], ['model.json'], 2, /-n must be a positive integer, got "-1"/);
  });

  it('an unknown dataset', async () => {
    await expectFailure(['train', '--data', 'gaussians', '--out', 'm.json'], [], 2, /unknown dataset "gaussians": --data takes a toy 2-D density \(8gaussians, /);
    await expectFailure(['train', '--data', 'power', '--out', 'm.json'], [], 2, /--data power is a MAF benchmark: add --data-dir/);
  });

  it('an output path that cannot be written, before any work is done', async () => {
    await expectFailure(['sample', '--model', 'model.json', '-n', '10', '--out', 'no-such-folder/s.csv'], ['model.json'], 1, /Cannot write --out no-such-folder\/s\.csv: the folder .*no-such-folder does not exist/);
    await expectFailure(['train', '--data', '8gaussians', '--out', 'blocker/m.json'], ['blocker'], 1, /Cannot write --out blocker\/m\.json: .*blocker is a file, not a folder/);
    await expectFailure(['density', '--model', 'model.json', '--input', 'points.csv', '--out', 'logp.txt'], ['model.json', 'points.csv'], 2, /--out logp\.txt: name the file \*\.csv or \*\.npy/);
  });

  it('a damaged checkpoint', async () => {
    await expectFailure(['train', '--resume', 'truncated.json'], ['truncated.json'], 1, /not an otflow training checkpoint|not valid JSON/);
  });
});
