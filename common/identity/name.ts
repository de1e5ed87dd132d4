/**
 * A person's name as screens seen by others may show it (the board across the hall, the serving bar
 * behind the clerk): first and last characters kept, the rest starred — 张晓燕 → 张*燕, 张三 → 张*,
 * 欧阳娜娜 → 欧**娜; a one-character name is starred whole.
 */
export function maskPersonName(name: string): string {
  const ch = [...name.trim()];
  if (ch.length <= 1) return ch.length ? '*' : '';
  if (ch.length === 2) return `${ch[0]}*`;
  return `${ch[0]}${'*'.repeat(ch.length - 2)}${ch[ch.length - 1]}`;
}
