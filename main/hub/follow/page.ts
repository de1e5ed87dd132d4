/**
 * The follow page a phone opens from the slip's QR: one small zh-CN HTML page, no script (it
 * refreshes itself every 10 s), built from FollowStatus only, so it cannot show personal data.
 */
import { hallClock } from '../../../common/hall-time';
import type { FollowStatus } from './status';

/** The page polls by reloading itself: no script (the CSP allows none), works on any phone browser. */
const REFRESH_SECONDS = 10;

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function stateLine(s: FollowStatus): string {
  switch (s.state) {
    case 'waiting':
      return s.ahead === 0 ? '等候中 · 下一位就是您' : `等候中 · 前面还有 ${s.ahead} 人`;
    case 'called':
      return `已叫号，请到 ${esc(s.counterName ?? `${s.counter}号窗口`)} 办理`;
    case 'serving':
      return `正在 ${esc(s.counterName ?? `${s.counter}号窗口`)} 办理`;
    case 'finished':
      return '已办结，感谢您的耐心等候';
    case 'no_show':
      return '已过号，请到咨询台咨询';
    case 'cancelled':
      return '号票已失效，请重新取号';
  }
}

/** The forecast and 「即将叫到」 (only while waiting). */
function waitLines(s: FollowStatus): string {
  if (s.state !== 'waiting') return '';
  const eta = s.estimateMinutes === null ? '' : `<p class="eta">预计等候约 <b>${s.estimateMinutes}</b> 分钟</p>`;
  const soon = s.soon ? '<p class="soon" role="alert">即将叫到，请到等候区留意叫号</p>' : '';
  return soon + eta;
}

function shell(title: string, body: string, refresh: boolean): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? `<meta http-equiv="refresh" content="${REFRESH_SECONDS}">` : ''}
<title>${esc(title)}</title>
<style>
  body { margin: 0; font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; background: #f4f6f9; color: #1b2a41; text-align: center; }
  main { max-width: 28rem; margin: 0 auto; padding: 1.5rem 1rem; }
  .hall { color: #4a5a70; font-size: 1rem; }
  .num { font-size: 4.5rem; font-weight: bold; margin: 0.5rem 0; letter-spacing: 0.05em; }
  .stream { font-size: 1.2rem; }
  .state { font-size: 1.5rem; margin: 1.2rem 0; padding: 1rem; border-radius: 0.5rem; background: #fff; }
  .called .state { background: #ffd166; }
  .eta { font-size: 1.2rem; margin: 0.5rem 0; }
  .eta b { font-size: 1.8rem; }
  .soon { font-size: 1.3rem; font-weight: bold; color: #fff; background: #d1495b; border-radius: 0.5rem; padding: 0.7rem; }
  .foot { color: #6b7a90; font-size: 0.9rem; }
</style>
</head>
<body><main>${body}</main></body>
</html>`;
}

export function followPage(s: FollowStatus): string {
  const live = s.state === 'waiting' || s.state === 'called' || s.state === 'serving';
  return shell(`${s.number} · 排队进度`, `
<p class="hall">${esc(s.hall)}</p>
<div class="${s.state}">
<p class="num">${esc(s.number)}</p>
<p class="stream">${esc(s.streamName)}</p>
<p class="state" role="status">${stateLine(s)}</p>
${waitLines(s)}
</div>
<p class="foot">更新于 ${hallClock(s.at)}${live ? `，每 ${REFRESH_SECONDS} 秒自动刷新` : ''}</p>`, live);
}

export function followErrorPage(message: string): string {
  return shell('排队进度', `<p class="state" role="alert">${esc(message)}</p>`, false);
}
