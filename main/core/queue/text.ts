/** What the hall hears and sees when a ticket is called. Pure: shared by the domain and its tests. */
const DIGITS = '零一二三四五六七八九';

/** Reads a ticket number digit by digit, letters apart: A012 → "A 零一二"; A-3-001 → "A 三 零零一". */
export function spokenNumber(number: string): string {
  return number
    .split('-')
    .map((part) => part.replace(/\d/g, (d) => DIGITS[Number(d)]).replace(/^([A-Z]+)(?=\S)/, '$1 '))
    .join(' ');
}

export function calledText(ticketNumber: string, counterNumber: number): string {
  return `请 ${ticketNumber} 号到 ${counterNumber} 号窗口办理`;
}

export function announcement(ticketNumber: string, counterNumber: number): string {
  return `请 ${spokenNumber(ticketNumber)} 号到 ${counterNumber} 号窗口办理`;
}
