import { describe, expect, it } from 'vitest';
import { emptyApplicant, personFrom, toInput } from '../../../renderer/src/pages/intake/applicant';

// The renderer's applicant form logic is pure; it checks what it can before any call.
describe('intake applicant form', () => {
  it('keeps the full number for the application and masks it for display', () => {
    const p = personFrom('张伟', ' 310117198206150314 ', false);
    expect(p).toMatchObject({ idNumber: '310117198206150314', masked: expect.stringMatching(/^3101\*+0314$/) });
  });

  it('refuses a number that fails its check, and an empty name', () => {
    expect(personFrom('张伟', '310117198206150315', false)).toContain('校验不通过');
    expect(personFrom(' ', '310117198206150314', false)).toBe('请填写姓名。');
  });

  it('asks for what is missing before a draft can be created', () => {
    const d = emptyApplicant();
    expect(toInput(d)).toContain('请读取申请人身份证');
    d.kind = 'company';
    d.company = { creditCode: '91310117MA1J3K5P29', name: '上海松沪渣土运输有限公司', legalRepresentative: '' };
    expect(toInput(d)).toContain('统一社会信用代码校验不通过');
    d.company.creditCode = '91310117ma1j3k5p28';
    // A company always comes through the person at the counter (经办人).
    expect(toInput(d)).toContain('经办人');
    d.person = personFrom('张伟', '310117198206150314', true) as never;
    // No legal representative on record: the presenter is taken as the legal representative in person; it is never guessed into the record.
    expect(toInput(d)).toEqual({
      applicant: { type: 'company', name: '上海松沪渣土运输有限公司', creditCode: '91310117MA1J3K5P28', legalRepresentative: undefined },
      agent: { name: '张伟', idNumber: '310117198206150314', relation: 'legal-representative' },
    });
    d.company.legalRepresentative = '王芳';
    expect(toInput(d)).toMatchObject({ applicant: { legalRepresentative: '王芳' }, agent: { name: '张伟', relation: 'entrusted' } });
    d.relation = 'guardian'; // not a company's: falls back to the likely one
    d.agentPhone = ' 13800001111 ';
    expect(toInput(d)).toMatchObject({ agent: { relation: 'entrusted', phone: '13800001111' } });
    d.kind = 'person';
    d.agentOn = true;
    expect(toInput(d)).toContain('代理人');
    d.agent = personFrom('李娜', '310104199009210480', true) as never;
    d.relation = 'guardian';
    expect(toInput(d)).toMatchObject({ applicant: { type: 'person', name: '张伟' }, agent: { name: '李娜', idNumber: '310104199009210480', relation: 'guardian' } });
  });
});
