import { noticeDocument } from './documents';
import { renderPdf } from './render';
import type { NoticeInput, NoticeKind } from './types';

export { NOTICE_TITLES, type NoticeHall, type NoticeInput, type NoticeKind, type NoticeSignature } from './types';
export { chineseDate, progressQrPayload } from './format';
export { fontFiles, renderPdf } from './render';
export { noticeDocument } from './documents';

/** One notice as a PDF with the CJK font embedded (subset). Throws NOTICE_NOT_APPLICABLE when the case isn't at that step. */
export async function generateNotice(kind: NoticeKind, input: NoticeInput): Promise<Buffer> {
  return renderPdf(await noticeDocument(kind, input));
}
