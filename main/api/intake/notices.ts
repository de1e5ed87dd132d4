import type { NoticeRef } from '../../../preload/contract/intake';
import type { CaseDetail } from '../../core/cases';
import { generateNotice, NOTICE_TITLES, type NoticeKind } from '../../core/notices';
import type { IntakeDomain } from '../domains/intake';

/** Generates a notice for the case as it stands, stores it (kind 'notice') and returns its file ref. */
export async function issueNotice(intake: IntakeDomain, c: CaseDetail, kind: NoticeKind): Promise<NoticeRef> {
  const pdf = await generateNotice(kind, { case: c, hall: { name: intake.hallName() }, printedAt: intake.now().toISOString() });
  const f = intake.files.put(pdf, { kind: 'notice', mime: 'application/pdf', source: `${kind}:${c.caseNumber ?? c.id}` });
  return {
    kind,
    title: NOTICE_TITLES[kind],
    file: { fileId: f.id, mime: f.mime, size: f.size, sha256: f.sha256, width: null, height: null, source: f.source },
  };
}
