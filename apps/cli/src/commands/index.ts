import type { Command } from '../cli/command';
import { benchCommand } from './bench';
import { densityCommand } from './density';
import { evalCommand } from './eval';
import { importReferenceCommand } from './import-reference';
import { infoCommand } from './info';
import { interpolateCommand } from './interpolate';
import { plotCommand } from './plot';
import { quickstartCommand } from './quickstart';
import { sampleCommand } from './sample';
import { studyCommand } from './study';
import { trainCommand } from './train';

/** Every command, in the order `otflow --help` lists them. */
export const COMMANDS: readonly Command[] = [
  quickstartCommand,
  trainCommand,
  sampleCommand,
  interpolateCommand,
  densityCommand,
  evalCommand,
  plotCommand,
  importReferenceCommand,
  infoCommand,
  benchCommand,
  studyCommand,
];
