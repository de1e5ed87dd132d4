import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../../db/connection';
import type { KeyRing } from '../../db/keys/keyring';
import { ensurePrivateDir, PRIVATE_FILE, tighten } from '../../db/keys/private-files';
import { DeskError } from '../../../common/errors';
import { isEnvelope, openFile, sealFile } from './envelope';

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
 * material PDFs, signatures) lives under `<dataDir>/files/` named by id, with its hash (of the
 * plaintext), so a case refers to files by id and the archive can check integrity later. With a
 * key ring every file is encrypted under its own key (envelope.ts), folder 0700, files 0600.
 * Writes go to a temp name first and are renamed, so a full disk or a crash never leaves a half
 * file under an id.
 */
export class FileStore {
  private readonly dir: string;

  /** `keys` null: plaintext files (unit tests only; both shells always pass the workstation's key ring). */
  constructor(private readonly db: Db, dataDir: string, private readonly keys: KeyRing | null = null) {
    this.dir = dataDir === ':memory:' ? fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'wd-files-')) : path.join(dataDir, 'files');
    ensurePrivateDir(this.dir);
    if (keys) this.encryptLegacyFiles();
  }

  /**
   * Files written by an earlier, unencrypted version are encrypted once, in place (temp name and
   * rename), after checking each still matches its recorded hash; a file that does not is left
   * as it is, for read() to report.
   */
  private encryptLegacyFiles(): void {
    const rows = this.db.prepare('SELECT id, path, sha256 FROM files').all() as { id: string; path: string; sha256: string }[];
    for (const r of rows) {
      let bytes: Buffer;
      try {
        bytes = fs.readFileSync(r.path);
      } catch {
        continue;
      }
      tighten(r.path, PRIVATE_FILE);
      if (isEnvelope(bytes) || createHash('sha256').update(bytes).digest('hex') !== r.sha256) continue;
      this.writeAtomically(r.path, sealFile(this.keys!, r.id, bytes));
    }
  }

  private writeAtomically(final: string, bytes: Buffer): void {
    const tmp = `${final}.part`;
    try {
      fs.rmSync(tmp, { force: true });
      fs.writeFileSync(tmp, bytes, { flag: 'wx', mode: PRIVATE_FILE });
      fs.renameSync(tmp, final);
    } catch (e) {
      fs.rmSync(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      throw new DeskError(code === 'ENOSPC' ? 'DISK_FULL' : 'FILE_WRITE_FAILED', code === 'ENOSPC' ? '磁盘空间已满，文件未保存。请清理磁盘后重试。' : `文件保存失败：${(e as Error).message}`);
    }
  }

  put(bytes: Buffer, meta: { kind: FileKind; mime: string; source?: string; width?: number; height?: number }): StoredFile {
    const ext = MIME_EXT[meta.mime];
    if (!ext) throw new DeskError('FILE_TYPE_UNSUPPORTED', `不支持的文件类型：${meta.mime}。请使用 PNG、JPEG 或 PDF。`);
    const id = randomUUID();
    const final = path.join(this.dir, `${id}.${ext}`);
    this.writeAtomically(final, this.keys ? sealFile(this.keys, id, bytes) : bytes);
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

  /** Reads a file back (decrypting it) and checks it still matches its recorded hash. */
  read(id: string): { file: StoredFile; bytes: Buffer } {
    const file = this.get(id);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file.path);
    } catch {
      throw new DeskError('FILE_MISSING', '文件记录存在，但磁盘上的文件已丢失。');
    }
    if (this.keys && isEnvelope(bytes)) {
      const plain = openFile(this.keys, file.id, bytes);
      if (!plain) throw new DeskError('FILE_TAMPERED', '文件无法解密：内容已被改动，或不属于本工作台的密钥。');
      bytes = plain;
    }
    if (createHash('sha256').update(bytes).digest('hex') !== file.sha256) throw new DeskError('FILE_TAMPERED', '文件内容与登记的校验值不符，可能已被改动。');
    return { file, bytes };
  }

  /**
   * A decrypted copy for a program that needs a path (the printer's `lp`), in a private (0700)
   * temporary folder; `dispose()` removes it once the program is done with it.
   */
  plainCopy(id: string): { file: StoredFile; path: string; dispose(): void } {
    const { file, bytes } = this.read(id);
    const dir = fs.mkdtempSync(path.join(process.env.TMPDIR ?? '/tmp', 'wd-plain-'));
    const p = path.join(dir, path.basename(file.path));
    fs.writeFileSync(p, bytes, { mode: PRIVATE_FILE });
    return { file, path: p, dispose: () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
}
