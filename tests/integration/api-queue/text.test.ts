import { describe, expect, it } from 'vitest';
import { announcement, calledText, spokenNumber } from '../../../main/core/queue/text';

describe('what the hall hears', () => {
  it('reads numbers digit by digit, letters apart', () => {
    expect(spokenNumber('A012')).toBe('A 零一二');
    expect(spokenNumber('V100')).toBe('V 一零零');
    expect(spokenNumber('A-3-001')).toBe('A 三 零零一');
    expect(announcement('A012', 3)).toBe('请 A 零一二 号到 3 号窗口办理');
    expect(calledText('A012', 3)).toBe('请 A012 号到 3 号窗口办理');
  });
});
