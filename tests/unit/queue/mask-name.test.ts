import { describe, expect, it } from 'vitest';
import { maskName } from '../../../renderer/src/pages/queue/mask';

describe('the serving bar masks the booked name', () => {
  it('keeps the surname (and the last character of a longer name)', () => {
    expect(maskName('张晓燕')).toBe('张*燕');
    expect(maskName('王伟')).toBe('王*');
    expect(maskName('欧阳建华')).toBe('欧**华');
    expect(maskName('李')).toBe('李');
  });
});
