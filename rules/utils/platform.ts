/** Which operating system a stage builds for, as far as the file tells. */
import type { Dockerfile, Stage } from '../../grammar/index.js';
import { lineageHas } from './stages.js';

const WINDOWS_IMAGE = /(windows|servercore|nanoserver|dotnet\/framework|ltsc20\d\d|windowsservercore|nano-server)/i;

/** True when the stage (or a stage it builds on) starts from a Windows image, or the file uses the backtick escape. */
export function isWindowsStage(file: Dockerfile, stage: Stage | undefined): boolean {
  if (file.escape === '`') return true;
  return lineageHas(stage, windowsImage);
}

const windowsImage = (s: Stage): boolean => WINDOWS_IMAGE.test(s.base.value ?? s.base.raw);
