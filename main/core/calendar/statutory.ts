import { Lunar, Solar } from 'lunar-typescript';

/**
 * The public holidays that hold by law in any year (《全国年节及纪念日放假办法》, as amended by
 * State Council order 774 in 2024), for a year whose State Council arrangement (调休 notice) has
 * not been imported yet. Article 6: a holiday for all citizens that falls on a Saturday or Sunday
 * is made up on a working day (补假). The notice later adds bridging days and make-up working
 * days (调休), which cannot be known in advance: dates counted through such a year are provisional.
 */
export interface StatutoryYear {
  holidays: string[];
  /** Why each date is off, for the 暂定 explanation (date → 元旦, 春节, …, or 补假 of a festival). */
  names: Record<string, string>;
}

const ymd = (s: Solar) => s.toYmd();

function festivals(year: number): Array<[string, string[]]> {
  const newYear = Lunar.fromYmd(year, 1, 1).getSolar();
  // 春节: 农历除夕 to 正月初三 (four days since the 2024 amendment). 除夕 is the day before 正月初一
  // (腊月廿九 in years whose 腊月 is short), which is why it is taken from 初一, not from a lunar date.
  const springFestival = [newYear.next(-1), newYear, newYear.next(1), newYear.next(2)].map(ymd);
  const qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明'];
  return [
    ['元旦', [`${year}-01-01`]],
    ['春节', springFestival],
    ['清明节', [ymd(qingming)]],
    ['劳动节', [`${year}-05-01`, `${year}-05-02`]],
    ['端午节', [ymd(Lunar.fromYmd(year, 5, 5).getSolar())]],
    ['中秋节', [ymd(Lunar.fromYmd(year, 8, 15).getSolar())]],
    ['国庆节', [`${year}-10-01`, `${year}-10-02`, `${year}-10-03`]],
  ];
}

const isWeekend = (iso: string) => {
  const d = Solar.fromYmd(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))).getWeek();
  return d === 0 || d === 6;
};

/** The holidays of `year` under the law alone, with a weekday 补假 for each that falls on a weekend. */
export function statutoryYear(year: number): StatutoryYear {
  const names: Record<string, string> = {};
  const made: Array<[string, string]> = [];
  for (const [name, days] of festivals(year)) {
    for (const d of days) {
      names[d] = name;
      if (isWeekend(d)) made.push([d, name]);
    }
  }
  // Each weekend holiday is made up on the first following weekday that is not already off.
  for (const [d, name] of made) {
    let s = Solar.fromYmd(Number(d.slice(0, 4)), Number(d.slice(5, 7)), Number(d.slice(8, 10)));
    do s = s.next(1);
    while (isWeekend(ymd(s)) || names[ymd(s)]);
    if (s.getYear() === year) names[ymd(s)] = `${name}补假`;
  }
  return { holidays: Object.keys(names).sort(), names };
}
