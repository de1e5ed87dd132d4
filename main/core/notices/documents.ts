import { DeskError } from '../../../common/errors';
import { maskIdNumber } from '../../../common/identity';
import { hallClock } from '../../../common/hall-time';
import { agentLine, signerOf } from '../cases/agent';
import { chineseDate, progressQrPayload, qrDataUrl } from './format';
import { NOTICE_TITLES, type NoticeInput, type NoticeKind } from './types';

type Content = Record<string, unknown> | string | Content[];

function applicantLines(n: NoticeInput): Content[] {
  const a = n.case.applicant;
  const lines: Content[] = [
    { text: [{ text: '申请人：', bold: true }, a.name] },
    a.type === 'company'
      ? { text: [{ text: '统一社会信用代码：', bold: true }, a.creditCode ?? ''] }
      : { text: [{ text: '证件号码：', bold: true }, maskIdNumber(a.idNumber ?? '')] },
  ];
  const ag = n.case.agent;
  if (ag) lines.push({ text: [{ text: '经办人：', bold: true }, agentLine(ag), { text: `　证件号码：${maskIdNumber(ag.idNumber)}`, color: '#333333' }] });
  lines.push({ text: [{ text: '申请事项：', bold: true }, `${n.case.itemName}（${n.case.scenarioName}）`] });
  return lines;
}

function materialTable(rows: { name: string; note: string }[], noteHeader = '说明'): Content {
  return {
    table: {
      headerRows: 1,
      widths: [28, '*', 150],
      body: [
        [{ text: '序号', bold: true }, { text: '材料名称', bold: true }, { text: noteHeader, bold: true }],
        ...rows.map((r, i) => [String(i + 1), r.name, r.note]),
      ],
    },
    margin: [0, 6, 0, 10],
  };
}

const KIND_NOTE: Record<string, string> = {
  'exempt-elicence': '电子证照免交',
  'exempt-datashare': '数据共享核验免交',
  commitment: '告知承诺',
  captured: '已收取',
  'original-sighted': '原件已核验',
  missing: '未提交',
};

function body(kind: NoticeKind, n: NoticeInput): Content[] {
  const c = n.case;
  const issuer = n.hall.issuer ?? n.hall.name;
  switch (kind) {
    case 'acceptance':
      if (!c.caseNumber || !c.dueDate) throw notReady(kind);
      return [
        `你（单位）提交的“${c.itemName}”申请，经审查，申请材料齐全、符合法定形式，本机关决定予以受理。`,
        `本事项承诺办结时限为 ${c.promisedLimitDays} 个工作日，承诺办结日期为${chineseDate(c.dueDate)}。`,
        '收取材料清单：',
        materialTable(c.materials.filter((m) => m.status.kind !== 'missing').map((m) => ({ name: m.name, note: KIND_NOTE[m.status.kind] }))),
      ];
    case 'rejection':
      if (!c.rejection) throw notReady(kind);
      return [
        `你（单位）提交的“${c.itemName}”申请，经审查，本机关决定不予受理。`,
        { text: [{ text: '理由：', bold: true }, c.rejection.reason] },
        { text: [{ text: '依据：', bold: true }, c.rejection.legalBasis] },
        '如对本决定不服，可以自收到本通知书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院提起行政诉讼。',
      ];
    case 'correction':
      if (!c.correctionNotice) throw notReady(kind);
      return [
        `你（单位）提交的“${c.itemName}”申请材料不齐全或者不符合法定形式。现一次性告知需要补正的全部材料如下：`,
        materialTable(c.correctionNotice.materials.map((m) => ({ name: m.name, note: '请补正后提交' }))),
        '请按上述清单补齐材料后，到任一综合窗口提交；补齐后即予受理。',
      ];
    case 'deficiency':
      if (!c.deficiency || !c.dueDate) throw notReady(kind);
      return [
        `你（单位）提交的“${c.itemName}”申请，主要材料齐全，本机关按容缺受理方式予以受理。`,
        `请于${chineseDate(c.deficiency.deadline)}前补交以下材料；逾期未补交的，将依法作出处理。`,
        materialTable(c.deficiency.materials.map((m) => ({ name: m.name, note: `${chineseDate(c.deficiency!.deadline)}前补交` }))),
        `承诺办结日期：${chineseDate(c.dueDate)}（以补齐容缺材料为前提）。`,
      ];
    case 'commitment': {
      const sig = n.signature;
      // Signed: exactly what this signature pledged. Unsigned: what may still be pledged.
      const pledged = sig
        ? c.materials.filter((m) => m.status.kind === 'commitment' && m.status.signatureId === sig.id)
        : c.materials.filter((m) => m.def.commitmentAllowed && (m.status.kind === 'missing' || m.status.kind === 'commitment'));
      if (!pledged.length) throw new DeskError('NOTICE_NOTHING_TO_PLEDGE', '本办件没有可以告知承诺替代的材料，无需签署告知承诺书。');
      return [
        `${issuer}已告知本人（单位）办理“${c.itemName}”的条件、标准和要求。本人（单位）承诺已经符合上述条件，以下材料以本承诺替代，并愿意承担不实承诺的法律责任：`,
        materialTable(pledged.map((m) => ({ name: m.name, note: m.def.note ?? '以承诺替代' })), '备注'),
        '本人（单位）同意行政机关在事中事后对承诺内容进行核查；承诺不实的，行政机关可依法撤销行政许可并记入信用记录。',
        ...signatureBlock(n),
      ];
    }
    case 'result-receipt': {
      if (!c.caseNumber || !c.decision) throw notReady(kind);
      const d = c.delivery as { method?: string; address?: string; recipient?: string } | null;
      return [
        `办件“${c.itemName}”已办结（${c.decision === 'approved' ? '准予' : '不予'}），办理结果已${d?.method === 'post' ? `邮寄至：${d.address ?? ''}（收件人 ${d.recipient ?? ''}）` : '在窗口交付'}。`,
        `办结日期：${c.completedAt ? chineseDate(c.completedAt) : ''}；出件日期：${c.issuedAt ? chineseDate(c.issuedAt) : chineseDate(n.printedAt)}。`,
        { text: '领取人（签名）：＿＿＿＿＿＿＿＿＿＿    证件号码：＿＿＿＿＿＿＿＿＿＿', margin: [0, 24, 0, 0] },
      ];
    }
  }
}

/** Who signs and in what capacity; the signature image on the line once signed, with its binding. */
function signatureBlock(n: NoticeInput): Content[] {
  const c = n.case;
  const sig = n.signature;
  const signer = sig ? { name: sig.signerName, capacity: sig.capacity } : signerOf(c);
  const forWhom = signer.name !== c.applicant.name ? `，代表${c.applicant.name}` : '';
  const who: Content = { text: [{ text: '签署人：', bold: true }, `${signer.name}（${signer.capacity}${forWhom}）`], margin: [0, 24, 0, 4] };
  if (!sig) return [who, { text: '签名：＿＿＿＿＿＿＿＿＿＿    日期：＿＿＿＿年＿＿月＿＿日', margin: [0, 12, 0, 0] }];
  const when = `${chineseDate(sig.at)} ${hallClock(Date.parse(sig.at))}（${sig.timeSource === 'hub' ? '大厅时间，取自大厅服务器' : '本机时间，未经大厅服务器核对'}）`;
  return [
    who,
    { columns: [{ width: 'auto', text: '签名：', bold: true, margin: [0, 20, 0, 0] }, { width: 170, image: `data:image/png;base64,${sig.png.toString('base64')}`, fit: [170, 57] }] },
    { text: [{ text: '签署时间：', bold: true }, when] },
    { text: `签名记录 ${sig.id}${sig.documentSha256 ? `；所签文书摘要（SHA-256）${sig.documentSha256}` : ''}`, fontSize: 7, color: '#555555', margin: [0, 4, 0, 0] },
  ];
}

function notReady(kind: NoticeKind): DeskError {
  return new DeskError('NOTICE_NOT_APPLICABLE', `当前办件状态不能出具《${NOTICE_TITLES[kind]}》，请先完成相应的办理步骤。`);
}

/** The pdfmake document for one notice. */
export async function noticeDocument(kind: NoticeKind, n: NoticeInput): Promise<Record<string, unknown>> {
  const c = n.case;
  const content: Content[] = [
    { text: n.hall.name, alignment: 'center', fontSize: 12, margin: [0, 0, 0, 4] },
    { text: NOTICE_TITLES[kind], alignment: 'center', fontSize: 20, bold: true, margin: [0, 0, 0, 6] },
    { text: c.caseNumber ? `办件编号：${c.caseNumber}` : '办件编号：受理后生成', alignment: 'center', margin: [0, 0, 0, 14] },
    ...applicantLines(n),
    { text: '', margin: [0, 6] },
    ...body(kind, n).map((p) => (typeof p === 'string' ? { text: p, margin: [0, 3, 0, 3] } : p)),
  ];
  const footerText: Content[] = [
    { text: n.hall.issuer ?? n.hall.name, bold: true },
    { text: chineseDate(n.printedAt) },
  ];
  if (n.hall.address) footerText.push({ text: `地址：${n.hall.address}`, fontSize: 9 });
  if (n.hall.phone) footerText.push({ text: `咨询电话：${n.hall.phone}`, fontSize: 9 });
  const qr: Content = c.caseNumber
    ? { stack: [{ image: await qrDataUrl(progressQrPayload(c.caseNumber)), width: 80 }, { text: '扫码查询办理进度', fontSize: 8 }] }
    : { text: '受理后可凭办件编号查询进度', fontSize: 8 };
  const rate: Content[] = n.rateUrl ? [{ width: 100, stack: [{ image: await qrDataUrl(n.rateUrl), width: 80 }, { text: '扫码评价本次服务', fontSize: 8 }] }] : [];
  content.push({ columns: [{ width: 100, ...(qr as object) }, ...rate, { width: '*', stack: footerText, alignment: 'right' }], margin: [0, 24, 0, 0] });
  return {
    info: { title: `${NOTICE_TITLES[kind]} ${c.caseNumber ?? ''}`.trim(), creator: 'WindowDesk 综合窗口工作台', subject: c.itemName },
    pageSize: 'A4',
    pageMargins: [56, 56, 56, 56],
    content,
  };
}
