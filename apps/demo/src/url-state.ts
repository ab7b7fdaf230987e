import { decodeStrokes, encodeStrokes } from './data/stroke-codec';
import {
  checkSetting,
  DATA_CHOICES,
  DEFAULT_SETTINGS,
  isDataChoice,
  SETTING_LIMITS,
  type DemoSettings,
  type NumericSetting,
} from './settings';

/** URL parameter of each numeric setting. */
const PARAMETER_NAMES: Record<NumericSetting, string> = {
  m: 'm',
  nTh: 'nTh',
  nt: 'nt',
  alphaC: 'alphaC',
  alphaR: 'alphaR',
  learningRate: 'lr',
  batchSize: 'batch',
  seed: 'seed',
  time: 't',
};

const MODEL_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** The query string of a setup: every setting explicitly, so that a link stays valid when defaults change. */
export function encodeSettings(settings: DemoSettings): string {
  const parameters = new URLSearchParams();
  parameters.set('data', settings.data);
  for (const name of Object.keys(SETTING_LIMITS) as NumericSetting[]) {
    parameters.set(PARAMETER_NAMES[name], String(settings[name]));
  }
  if (settings.data === 'drawn' && settings.strokes.length > 0) parameters.set('strokes', encodeStrokes(settings.strokes));
  if (settings.model !== null) parameters.set('model', settings.model);
  return parameters.toString();
}

export interface DecodedSettings {
  settings: DemoSettings;
  /** One message per parameter that was present but invalid (its default is used instead). */
  problems: string[];
}

/** Reads a query string; missing parameters take their defaults, invalid ones are reported and replaced. */
export function decodeSettings(query: string): DecodedSettings {
  const parameters = new URLSearchParams(query);
  const settings: DemoSettings = { ...DEFAULT_SETTINGS, strokes: [] };
  const problems: string[] = [];

  const data = parameters.get('data');
  if (data !== null) {
    if (isDataChoice(data)) settings.data = data;
    else problems.push(`URL parameter data must be one of ${DATA_CHOICES.join(', ')}, got "${data}".`);
  }
  for (const name of Object.keys(SETTING_LIMITS) as NumericSetting[]) {
    const text = parameters.get(PARAMETER_NAMES[name]);
    if (text === null) continue;
    const value = text.trim() === '' ? Number.NaN : Number(text);
    const problem = checkSetting(name, value, `URL parameter ${PARAMETER_NAMES[name]}`);
    if (problem) problems.push(problem);
    else settings[name] = value;
  }
  const strokes = parameters.get('strokes');
  if (strokes !== null) {
    try {
      settings.strokes = decodeStrokes(strokes);
    } catch (error) {
      problems.push(`URL parameter ${(error as Error).message}`);
    }
  }
  const model = parameters.get('model');
  if (model !== null) {
    if (MODEL_NAME.test(model)) settings.model = model;
    else problems.push(`URL parameter model must be a shipped model's name (lower-case letters, digits, dashes), got "${model}".`);
  }
  return { settings, problems };
}
