import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeIssues, fieldLabel } from '../../../common/validation';
import { calls } from '../../../preload/contract';

const say = (name: keyof typeof calls, input: unknown) => {
  const r = calls[name].input.safeParse(input);
  if (r.success) throw new Error(`${name} accepted ${JSON.stringify(input)}`);
  return describeIssues(r.error.issues);
};

/** Any run of Latin letters a person would read as English (codes like ID numbers are digits). */
const latinWord = /[A-Za-z]{2,}/;

describe('validation messages people read', () => {
  it('the kiosk check-in names the field in Chinese and keeps the schema’s own message', () => {
    const m = say('queue.kioskCheckIn', { by: 'idNumber', idNumber: '123' });
    expect(m).toBe('身份证号：身份证号应为18位');
  });

  it('an empty 不予受理 reason reads as plain Chinese, no zod jargon', () => {
    const m = say('intake.reject', { caseId: 'c1', reason: '', legalBasis: '《行政许可法》第三十二条' });
    expect(m).toBe('理由：至少需要 2 个字符');
    expect(m).not.toMatch(latinWord);
  });

  it('missing, too long and wrong-choice inputs get sentences, never English', () => {
    expect(say('session.login', { password: 'x', counterId: null })).toBe('工号：为必填项');
    expect(say('intake.catalogSearch', { q: 'x'.repeat(65) })).toBe('搜索内容：不能超过 64 个字符');
    const m = say('settings.set', { key: 'nope', value: 1 });
    expect(m).toBe('设置项：不是可选的值，请从列表中选择');
    expect(m).not.toMatch(latinWord);
  });

  it('describes any schema\'s issues with the shared labels: the last labelled key names the field', () => {
    const r = z.object({ applicant: z.object({ idNumber: z.string().min(18) }), extra: z.string() }).safeParse({ applicant: { idNumber: '1' }, extra: '' });
    expect(r.success).toBe(false);
    expect(describeIssues(r.error!.issues)).toBe('身份证号：至少需要 18 个字符');
    expect(fieldLabel(['items', 3, 'nope'])).toBe('输入');
    expect(fieldLabel(['applicant', 'name'])).toBe('姓名');
  });

});
