// GB/T 3304 nation codes as printed on the resident ID card. 97/98 come from the standard
// (not cross-checked against an SDK); 59 穿青人 is what one vendor SDK maps.
const NAMES = [
  '汉', '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜',
  '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎', '傈僳',
  '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土',
  '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南', '仡佬', '锡伯', '阿昌', '普米',
  '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔',
  '独龙', '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
];

export const NATIONS: Record<string, string> = Object.fromEntries([
  ...NAMES.map((n, i) => [String(i + 1).padStart(2, '0'), n] as const),
  ['59', '穿青人'],
  ['97', '其他'],
  ['98', '外国血统'],
]);

/** Unknown codes never throw: the card was authenticated by the SAM, so show the raw code. */
export function nationName(code: string): string {
  return NATIONS[code] ?? `未知民族代码${code}`;
}

export function nationCode(name: string): string | undefined {
  return Object.entries(NATIONS).find(([, n]) => n === name)?.[0];
}
