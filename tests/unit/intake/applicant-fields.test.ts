import { describe, expect, it } from 'vitest';
import { idNumberError, nameError, personFrom } from '../../../renderer/src/pages/intake/applicant';

// 受理 shows each of these beside its own field and clears it as soon as the check passes.
describe('applicant field checks', () => {
  it('a name is needed, blanks do not count', () => {
    expect(nameError('  ')).toBe('请填写姓名。');
    expect(nameError('张伟')).toBeNull();
  });

  it('an ID number must pass its check digit (spaces and a lower-case x are forgiven)', () => {
    expect(idNumberError('310117198206150315')).toMatch(/校验不通过/);
    expect(idNumberError('31011719820615031')).toMatch(/校验不通过/);
    expect(idNumberError('310117 19820615 0314')).toBeNull();
    expect(idNumberError('11010519491231002x')).toBeNull();
  });

  it('personFrom reports the first field at fault, or the checked person with the number masked', () => {
    expect(personFrom('', '310117198206150315', false)).toBe('请填写姓名。');
    expect(personFrom('张伟', '310117198206150315', false)).toMatch(/校验不通过/);
    const p = personFrom(' 张伟 ', '310117198206150314', true);
    expect(p).toMatchObject({ name: '张伟', idNumber: '310117198206150314', fromCard: true });
    expect(typeof p === 'object' && p.masked).not.toContain('19820615');
  });
});
