import { describe, expect, it } from 'vitest';
import { maskPersonName } from '../../../common/identity';

describe('names on screens others see (board, serving bar) are masked one way', () => {
  it('keeps the first and last characters; a one-character name is starred whole', () => {
    expect(maskPersonName('张晓燕')).toBe('张*燕');
    expect(maskPersonName('王伟')).toBe('王*');
    expect(maskPersonName('欧阳建华')).toBe('欧**华');
    expect(maskPersonName(' 李 ')).toBe('*');
    expect(maskPersonName('')).toBe('');
  });
});
