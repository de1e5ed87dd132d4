import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/connection';
import { DeskError } from '../../../common/errors';

export type FileKind = 'capture' | 'notice' | 'material-pdf' | 'signature' | 'receipt' | 'other';

export interface StoredFile {
  id: string;
  kind: FileKind;
  mime: string;
  size: number;
  sha256: string;
  path: string;
  source: string | null;
  createdAt: string;
  width?: number | null;
  height?: number | null;
}

const MIME_EXT: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'application/pdf': 'pdf', 'image/webp': 'webp' };

/**
 * Every file the workstation produces or receives (scanned and photographed pages, notices,
 * material PDFs, signatures) lives under `<dataDir>/files/` named by id, with its hash, so a
 * case refers to files by id and the archive can check integrity later. Writes go to a temp
 * name first and are renamed, so a full disk or a crash never leaves a half file under an id.
 */
export class FileStore {
  private readonly dir: string;

  constructor(private readonly db: Db, dataDir: string) {
    this.dir = dataDir === ':memory:' ? fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'wd-files-')) : path.join(dataDir, 'files');
    fs.mkdirSync(this.dir, { recursive: true });
  }

  put(bytes: Buffer, meta: { kind: FileKind; mime: string; source?: string; width?: number; height?: number }): StoredFile {
    const ext = MIME_EXT[meta.mime];
    if (!ext) throw new DeskError('FILE_TYPE_UNSUPPORTED', `不支持的文件类型：${meta.mime}。请使用 PNG、JPEG 或 PDF。`);
    const id = randomUUID();
    const final = path.join(this.dir, `${id}.${ext}`);
    const tmp = `${final}.part`;
    try {
      fs.writeFileSync(tmp, bytes, { flag: 'wx' });
      fs.renameSync(tmp, final);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      throw new DeskError(code === 'ENOSPC' ? 'DISK_FULL' : 'FILE_WRITE_FAILED', code === 'ENOSPC' ? '磁盘空间已满，文件未保存。请清理磁盘后重试。' : `文件保存失败：${(e as Error).message}`);
    }
    const file: StoredFile = {
      id, kind: meta.kind, mime: meta.mime, size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'), path: final,
      source: meta.source ?? null, createdAt: new Date().toISOString(), width: meta.width ?? null, height: meta.height ?? null,
    };
    this.db.prepare(`INSERT INTO files (id, kind, mime, size, sha256, path, source, width, height, created_at)
      VALUES (@id, @kind, @mime, @size, @sha256, @path, @source, @width, @height, @createdAt)`).run(file);
    return file;
  }

  /** Adopts a file another component wrote (e.g. scanimage's output), moving it into the store. */
  adopt(existingPath: string, meta: { kind: FileKind; mime: string; source?: string; width?: number; height?: number }): StoredFile {
    const bytes = fs.readFileSync(existingPath);
    const stored = this.put(bytes, meta);
    fs.rmSync(existingPath, { force: true });
    return stored;
  }

  get(id: string): StoredFile {
    const row = this.db.prepare(`SELECT id, kind, mime, size, sha256, path, source, width, height, created_at AS createdAt FROM files WHERE id = ?`).get(id) as StoredFile | undefined;
    if (!row) throw new DeskError('FILE_NOT_FOUND', '找不到该文件，可能已被删除。');
    return row;
  }

  /** Reads a file back and checks it still matches its recorded hash. */
  read(id: string): { file: StoredFile; bytes: Buffer } {
    const file = this.get(id);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file.path);
    } catch {
      throw new DeskError('FILE_MISSING', '文件记录存在，但磁盘上的文件已丢失。');
    }
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new DeskError('FILE_TAMPERED', '文件内容与登记的校验值不符，可能已被改动。');
    return { file, bytes };
  }
}
