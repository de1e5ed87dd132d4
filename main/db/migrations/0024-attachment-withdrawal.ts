import type { Migration } from '../migrate';

/**
 * A case's attachment can be withdrawn (撤回): a scan of the wrong page before the decision, or,
 * at any time before archiving, a file damaged or lost on this machine (its upload dead-lettered:
 * it can never reach the hub, and the archive package could never be built). The row stays, with
 * when and why, so the trail and the 同步 page can say what happened; the archive and the upload
 * leave it out (core/cases/withdraw.ts).
 */
export const m0024: Migration = {
  version: 24,
  name: 'attachment-withdrawal',
  up(db) {
    db.exec(`
      ALTER TABLE case_attachments ADD COLUMN withdrawn_at TEXT;
      ALTER TABLE case_attachments ADD COLUMN withdrawn_reason TEXT;`);
  },
};
