import type { FlowModelKind } from '@otflow/model';
import { saveStudyResults, type StudyResults } from './study-results';

export interface StudySweep<Setting, Run extends { kind: FlowModelKind }> {
  /** The swept values (α_C or N), in order. */
  settings: readonly Setting[];
  /** The models trained for every setting, in order. */
  modelKinds: readonly FlowModelKind[];
  /** The results file's contents so far; every finished run is added and saved to `path`. */
  results: StudyResults<Run>;
  path: string;
  signal: AbortSignal;
  log: (line: string) => void;
  /** The swept value a run was made with. */
  settingOf: (run: Run) => Setting;
  /** "α_C = 10", "N = 64": how a setting reads in log lines. */
  describe: (setting: Setting) => string;
  /** Trains and measures one run; null when the signal interrupted it. */
  train: (kind: FlowModelKind, setting: Setting) => Promise<Run | null>;
  /** A run's figures for its log line. */
  summarize: (run: Run) => string;
}

/**
 * Runs every (setting, model kind) pair not yet in the results file, saving after each, and returns the runs asked for
 * in sweep order. Runs already in the file are skipped (so a study resumes, and one run for one kind can be extended
 * with the other); runs of other settings or kinds stay in the file but are not returned.
 */
export async function runStudySweep<Setting, Run extends { kind: FlowModelKind }>(
  sweep: StudySweep<Setting, Run>,
): Promise<{ runs: Run[]; complete: boolean }> {
  const { settings, modelKinds, results, signal, log } = sweep;
  let complete = true;
  sweeping: for (const setting of settings) {
    for (const kind of modelKinds) {
      const label = `${kind}, ${sweep.describe(setting)}`;
      if (results.runs.some((run) => run.kind === kind && sweep.settingOf(run) === setting)) {
        log(`${label}: already in ${sweep.path}, skipped.`);
        continue;
      }
      const run = signal.aborted ? null : await sweep.train(kind, setting);
      if (run === null) {
        complete = false;
        break sweeping;
      }
      results.runs.push(run);
      await saveStudyResults(sweep.path, results);
      log(`${label}: ${sweep.summarize(run)}`);
    }
  }
  const settingOrder = new Map(settings.map((setting, index) => [setting, index]));
  const kindOrder = new Map(modelKinds.map((kind, index) => [kind, index]));
  const rank = (run: Run) => (settingOrder.get(sweep.settingOf(run)) ?? 0) * modelKinds.length + (kindOrder.get(run.kind) ?? 0);
  const runs = results.runs.filter((run) => kindOrder.has(run.kind) && settingOrder.has(sweep.settingOf(run)));
  return { runs: runs.sort((a, b) => rank(a) - rank(b)), complete };
}
