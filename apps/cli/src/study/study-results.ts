import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '@otflow/model/node';

/** A study's JSON results file: its settings and one record per finished run, written after every run. */
export interface StudyResults<Run> {
  study: string;
  settings: unknown;
  runs: Run[];
}

/**
 * Opens the results file at `path` for resuming: finished runs of the same study with the same settings are kept
 * (and skipped), a missing file starts empty, and a file from other settings is refused rather than overwritten.
 */
export async function openStudyResults<Run>(path: string, study: string, settings: unknown): Promise<StudyResults<Run>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { study, settings, runs: [] };
    throw error;
  }
  const saved = JSON.parse(text) as StudyResults<Run>;
  if (saved.study !== study || JSON.stringify(saved.settings) !== JSON.stringify(settings)) {
    throw new Error(
      `${path} holds results of a different study or settings (${JSON.stringify(saved.settings)}); ` +
        'pass another --out folder or delete it to start over.',
    );
  }
  return { study, settings, runs: saved.runs };
}

export async function saveStudyResults<Run>(path: string, results: StudyResults<Run>): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(results, null, 2)}\n`);
}
