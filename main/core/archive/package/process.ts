import fs from 'node:fs';
import path from 'node:path';
import { rewriteTagManifests } from '../bagit/writer';
import { ARCHIVE_STAGES, parseProcessXml, processXml, type ArchiveStage } from './metadata';

export const PACKAGE_ALGORITHMS = ['sha256', 'sm3'] as const;
const PROCESS = 'metadata/process.xml';

/**
 * Records the next GB/T 42727 stage in the package's process info and re-seals the tag
 * manifests. Stages are appended in the standard's order only: recording 接收检测 before
 * 数据交换 is a bug, refused here rather than written into an archive.
 */
export function appendStage(dir: string, stage: ArchiveStage, actor: string, result: string, at: Date): void {
  const file = path.join(dir, PROCESS);
  const entries = parseProcessXml(fs.readFileSync(file, 'utf8'));
  const expected = ARCHIVE_STAGES[entries.length];
  if (expected !== stage) throw new Error(`archive process: next stage is ${expected ?? '(none)'}, not ${stage}`);
  entries.push({ seq: entries.length + 1, stage, at: at.toISOString(), actor, result });
  fs.writeFileSync(file, processXml(entries));
  rewriteTagManifests(dir, [...PACKAGE_ALGORITHMS]);
}

export function readStages(dir: string): ArchiveStage[] {
  return parseProcessXml(fs.readFileSync(path.join(dir, PROCESS), 'utf8')).map((e) => e.stage);
}
