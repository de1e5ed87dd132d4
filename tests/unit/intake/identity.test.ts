import { describe, expect, it } from 'vitest';
import {
  assertCreditCode, assertPersonId, birthDateFromId, classifyPersonId, hmtRegionOf, isValidCreditCode,
  isValidForeignPermanentResidenceId, isValidHmtResidencePermitNumber, isValidResidentIdNumber, makeCreditCode,
  makeResidentIdNumber, maskIdNumber, sexFromId,
} from '../../../common/identity';

describe('resident ID (GB 11643)', () => {
  it('accepts valid numbers including an X check character', () => {
    expect(isValidResidentIdNumber('310104198503121235')).toBe(true);
    expect(isValidResidentIdNumber('31011919800101109X')).toBe(true);
    expect(isValidResidentIdNumber('31011919800101109x')).toBe(true); // typed lower-case
    expect(isValidResidentIdNumber('11010519491231002X')).toBe(true); // the standard's own example
  });

  it('rejects a wrong check character', () => {
    expect(isValidResidentIdNumber('310104198503121234')).toBe(false);
    expect(isValidResidentIdNumber('311019198001011090')).toBe(false);
    expect(isValidResidentIdNumber('31011919800101109Y')).toBe(false);
  });

  it('rejects impossible, pre-1900 and future birth dates even with a matching check character', () => {
    expect(isValidResidentIdNumber(makeResidentIdNumber('310104', '19850230', '123'))).toBe(false);
    expect(isValidResidentIdNumber(makeResidentIdNumber('310104', '19851301', '123'))).toBe(false);
    expect(isValidResidentIdNumber(makeResidentIdNumber('310104', '18991231', '123'))).toBe(false);
    expect(isValidResidentIdNumber(makeResidentIdNumber('310104', '20990101', '123'))).toBe(false);
    expect(isValidResidentIdNumber(makeResidentIdNumber('310104', '20000229', '123'))).toBe(true); // leap day
    expect(isValidResidentIdNumber(makeResidentIdNumber('310104', '19000229', '123'))).toBe(false); // 1900 not leap
  });

  it('rejects bad region prefixes and wrong lengths', () => {
    expect(isValidResidentIdNumber(makeResidentIdNumber('990104', '19850312', '123'))).toBe(false);
    expect(isValidResidentIdNumber(makeResidentIdNumber('810000', '19850312', '123'))).toBe(false); // a permit, not an ID card
    expect(isValidResidentIdNumber('31010419850312123')).toBe(false);
    expect(isValidResidentIdNumber('')).toBe(false);
  });

  it('reads birth date and sex, and masks', () => {
    expect(birthDateFromId('310104198503121235')).toBe('1985-03-12');
    expect(sexFromId('310104198503121235')).toBe('male');
    expect(sexFromId(makeResidentIdNumber('310104', '19850312', '124'))).toBe('female');
    expect(sexFromId('310104198503121234')).toBeNull();
    expect(maskIdNumber('31011919800101109X')).toBe('3101**********109X');
  });
});

describe('HK/Macao/Taiwan residence permits and foreign permanent residence IDs', () => {
  it('validates 81/82/83 permits', () => {
    const hk = makeResidentIdNumber('810000', '19900515', '011');
    const tw = makeResidentIdNumber('830000', '19751120', '022');
    expect(isValidHmtResidencePermitNumber(hk)).toBe(true);
    expect(hmtRegionOf(hk)).toBe('HK');
    expect(hmtRegionOf(tw)).toBe('TW');
    expect(isValidHmtResidencePermitNumber(makeResidentIdNumber('810100', '19900515', '011'))).toBe(false);
    expect(isValidHmtResidencePermitNumber(hk.slice(0, 17) + (hk[17] === '0' ? '1' : '0'))).toBe(false);
    expect(classifyPersonId(hk)).toBe('hmt-residence-permit');
  });

  it('validates 2023 (18-digit, 9 prefix) and 2017 (15-char) foreign permanent residence IDs', () => {
    const v2023 = makeResidentIdNumber('931156', '19880704', '013');
    expect(isValidForeignPermanentResidenceId(v2023)).toBe(true);
    expect(classifyPersonId(v2023)).toBe('foreign-permanent-residence');
    expect(isValidForeignPermanentResidenceId(makeResidentIdNumber('999156', '19880704', '013'))).toBe(false);
    expect(isValidForeignPermanentResidenceId('USA310807041234')).toBe(true);
    expect(isValidForeignPermanentResidenceId('USA310802301234')).toBe(false); // 30 February
    expect(isValidForeignPermanentResidenceId('US1310807041234')).toBe(false);
  });

  it('assertPersonId throws a DeskError for junk', () => {
    expect(() => assertPersonId('123')).toThrow(expect.objectContaining({ code: 'ID_NUMBER_INVALID' }));
    expect(assertPersonId('31011919800101109x')).toBe('31011919800101109X');
  });
});

describe('unified social credit code (GB 32100)', () => {
  it('accepts valid codes and rejects wrong check characters', () => {
    expect(isValidCreditCode('91350100M000100Y43')).toBe(true);
    const made = makeCreditCode('91310117MA1J3K5P2');
    expect(isValidCreditCode(made)).toBe(true);
    expect(isValidCreditCode(made.slice(0, 17) + (made[17] === '1' ? '2' : '1'))).toBe(false);
  });

  it('rejects characters outside the charset (I O Z S V) and bad shapes', () => {
    expect(isValidCreditCode('91350100M000100YI3')).toBe(false);
    expect(isValidCreditCode('91350100M0001O0Y43')).toBe(false);
    expect(isValidCreditCode('9135010OM000100Y43')).toBe(false);
    expect(isValidCreditCode('91350100M000100Y4')).toBe(false);
    expect(() => assertCreditCode('91350100M000100Y44')).toThrow(expect.objectContaining({ code: 'CREDIT_CODE_INVALID' }));
  });
});
