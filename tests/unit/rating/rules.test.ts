import { describe, expect, it } from 'vitest';
import { checkClose, checkRating, checkStep, figures, figuresBy, reasonLine, type FollowUpFacts, type ServiceFact } from '../../../main/core/rating';

const err = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a refusal');
};

describe('the rating rules (GB/T 39734 levels, Shanghai 差评 = 1★ and 2★)', () => {
  it('takes 5★–3★ without a reason and drops any reason sent with them', () => {
    expect(checkRating({ level: 5 })).toEqual({ level: 5, reasons: [], reasonText: null });
    expect(checkRating({ level: 3, reasons: ['attitude'], reasonText: 'x' })).toEqual({ level: 3, reasons: [], reasonText: null });
  });

  it('refuses a 差评 without a reason, in Chinese', () => {
    for (const level of [1, 2]) {
      const e = err(() => checkRating({ level }));
      expect(e.code).toBe('RATING_REASON_REQUIRED');
      expect(e.message).toContain('差评');
    }
    expect(err(() => checkRating({ level: 2, reasonText: '   ' })).code).toBe('RATING_REASON_REQUIRED');
  });

  it('takes a chosen dimension or a typed reason for a 差评; 其他 needs its text', () => {
    expect(checkRating({ level: 2, reasons: ['efficiency', 'efficiency'] })).toEqual({ level: 2, reasons: ['efficiency'], reasonText: null });
    expect(checkRating({ level: 1, reasonText: ' 等了很久 ' })).toEqual({ level: 1, reasons: [], reasonText: '等了很久' });
    expect(err(() => checkRating({ level: 1, reasons: ['other'] })).message).toContain('其他');
  });

  it('refuses levels outside 1–5 and unknown reasons', () => {
    expect(err(() => checkRating({ level: 0 })).code).toBe('RATING_BAD_LEVEL');
    expect(err(() => checkRating({ level: 4.5 })).code).toBe('RATING_BAD_LEVEL');
    expect(err(() => checkRating({ level: 2, reasons: ['price'] })).code).toBe('RATING_BAD_REASON');
  });

  it('writes the reason as the dimensions then the text', () => {
    expect(reasonLine(['efficiency', 'attitude'], null)).toBe('服务效率；服务态度');
    expect(reasonLine(['other'], '材料说明不清')).toBe('材料说明不清');
  });
});

describe('follow-up steps and closing', () => {
  const open: FollowUpFacts = { state: 'open', deadlines: { contact: '2026-03-03', simple: '2026-03-09', complex: '2026-03-23' }, complexity: null, steps: [] };
  const contact = { step: 'contact' as const, owner: '王芳', record: '电话回访', doneDay: '2026-03-03' };
  const rectify = { step: 'rectify' as const, owner: '李强', record: '已整改', doneDay: '2026-03-05' };

  it('needs an owner and a record for each step, 回访 before 整改, and the problem kind for 整改', () => {
    expect(err(() => checkStep(open, 'contact', ' ', '记录', null)).code).toBe('FOLLOWUP_OWNER_REQUIRED');
    expect(err(() => checkStep(open, 'contact', '王芳', '', null)).code).toBe('FOLLOWUP_RECORD_REQUIRED');
    expect(err(() => checkStep(open, 'rectify', '王芳', '整改', 'simple')).code).toBe('FOLLOWUP_STEP_ORDER');
    expect(err(() => checkStep({ ...open, steps: [contact] }, 'rectify', '王芳', '整改', null)).code).toBe('FOLLOWUP_COMPLEXITY_REQUIRED');
    expect(err(() => checkStep({ ...open, steps: [contact] }, 'contact', '王芳', '再次', null)).code).toBe('FOLLOWUP_STEP_DONE');
    expect(() => checkStep({ ...open, steps: [contact] }, 'rectify', '李强', '整改', 'complex')).not.toThrow();
  });

  it('refuses to close with a step missing, naming it', () => {
    const e = err(() => checkClose(open, true, '答复'));
    expect(e.code).toBe('FOLLOWUP_STEP_MISSING');
    expect(e.message).toContain('回访、整改');
    expect(err(() => checkClose({ ...open, steps: [contact] }, true, '答复')).message).toContain('整改');
  });

  it('needs the applicant’s answer and a reply, then closes; a closed one takes nothing more', () => {
    const done = { ...open, steps: [contact, rectify] };
    expect(err(() => checkClose(done, null, '答复')).code).toBe('FOLLOWUP_ANSWER_REQUIRED');
    expect(err(() => checkClose(done, false, ' ')).code).toBe('FOLLOWUP_REPLY_REQUIRED');
    expect(() => checkClose(done, false, '已说明政策依据')).not.toThrow();
    expect(err(() => checkClose({ ...done, state: 'closed' }, true, 'x')).code).toBe('FOLLOWUP_CLOSED');
  });
});

describe('GB/T 39734 figures', () => {
  const svc = (over: Partial<ServiceFact>): ServiceFact => ({ day: '2026-03-02', counter: 3, staffNo: 'C001', itemCode: 'I1', itemName: '事项一', expired: false, rating: null, ...over });
  const rated = (level: number, more: Partial<NonNullable<ServiceFact['rating']>> = {}) => ({ level, excluded: false, replied: false, rectified: false, satisfied: null, ...more });
  const facts: ServiceFact[] = [
    svc({ rating: rated(5) }),
    svc({ rating: rated(4) }),
    svc({ rating: rated(3) }),
    svc({ rating: rated(2, { replied: true, rectified: true, satisfied: true }) }),
    svc({ rating: rated(1, { replied: true, rectified: false, satisfied: false }) }),
    svc({ rating: rated(1, { excluded: true }) }),
    svc({ expired: true }),
    svc({ day: '2026-04-01', counter: 4, staffNo: 'C002' }),
  ];

  it('computes each indicator from its own numerator and denominator', () => {
    const f = figures(facts);
    expect(f).toMatchObject({ services: 8, rated: 6, unrated: 2, good: 3, bad: 2, excluded: 1 });
    expect(f.evaluationRate).toBe(6 / 8);
    expect(f.unratedRate).toBe(2 / 8);
    // The excluded (appealed) rating is out of the quality figures: 3 good of 5 scored.
    expect(f.activeGoodRate).toBe(3 / 5);
    expect(f.goodRate).toBe(3 / 5);
    expect(f.badReplyRate).toBe(1);
    expect(f.rectifyRate).toBe(1 / 2);
    expect(f.rectifySatisfiedRate).toBe(1 / 2);
  });

  it('counts an expired unrated service as 默认好评 only where the hall says so, and 好评 from a configurable level', () => {
    expect(figures(facts, { expiredAsDefaultGood: true }).goodRate).toBe(4 / 6);
    expect(figures(facts, { goodMin: 4 }).activeGoodRate).toBe(2 / 5);
  });

  it('gives null, not 0 or 100%, where nothing was there to count', () => {
    const f = figures([]);
    expect(f.evaluationRate).toBeNull();
    expect(f.badReplyRate).toBeNull();
  });

  it('groups by counter, staff, item, day and month', () => {
    expect(figuresBy(facts, 'counter').map((r) => [r.label, r.figures.services])).toEqual([['3号窗口', 7], ['4号窗口', 1]]);
    expect(figuresBy(facts, 'staff').map((r) => r.key)).toEqual(['C001', 'C002']);
    expect(figuresBy(facts, 'item').map((r) => r.label)).toEqual(['事项一（I1）']);
    expect(figuresBy(facts, 'day').map((r) => r.key)).toEqual(['2026-03-02', '2026-04-01']);
    expect(figuresBy(facts, 'month').map((r) => [r.key, r.figures.rated])).toEqual([['2026-03', 6], ['2026-04', 0]]);
  });
});
