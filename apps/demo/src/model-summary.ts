import { isToyDatasetName, type ToyDatasetName } from '@otflow/datasets';

/** What the page reads from a model file before the worker loads it: which toy density it was trained on. */
export interface ModelSummary {
  dataset: ToyDatasetName | null;
}

/**
 * Reads the training dataset from a model file's JSON without loading it (the page has no tfjs). Anything
 * unreadable gives an empty summary: the worker parses the file properly and reports what is wrong with it.
 */
export function summarizeModelFile(text: string): ModelSummary {
  try {
    const file = JSON.parse(text) as { training?: { dataset?: unknown } | null };
    const dataset = file?.training?.dataset;
    return { dataset: isToyDatasetName(dataset) ? dataset : null };
  } catch {
    return { dataset: null };
  }
}
