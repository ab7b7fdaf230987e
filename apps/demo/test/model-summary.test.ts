import { describe, expect, it } from 'vitest';
import { summarizeModelFile } from '../src/model-summary';

describe('summarizeModelFile', () => {
  it("reads a toy dataset from the file's training metadata", () => {
    expect(summarizeModelFile(JSON.stringify({ format: 'otflow-model', training: { dataset: 'pinwheel' } }))).toEqual({ dataset: 'pinwheel' });
  });

  it('gives no dataset for other data, missing metadata or unreadable text', () => {
    expect(summarizeModelFile(JSON.stringify({ training: { dataset: 'csv:points.csv' } }))).toEqual({ dataset: null });
    expect(summarizeModelFile(JSON.stringify({ training: null }))).toEqual({ dataset: null });
    expect(summarizeModelFile('null')).toEqual({ dataset: null });
    expect(summarizeModelFile('{"format": "otflow-model"')).toEqual({ dataset: null });
  });
});
