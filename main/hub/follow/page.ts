/**
 * The follow page a phone opens from the slip's QR: one small zh-CN HTML page, no script (it
 * refreshes itself every 15 s), built from FollowStatus only, so it cannot show personal data.
 */
import { hallClock } from '../../../common/hall-time';
import type { FollowStatus } from './status';

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

function shell(title: string, body: string, refresh: boolean): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${refresh ? '<meta http-equiv="refresh" content="15">' : ''}
<title>${esc(title)}</title>
<style>
  body { margin: 0; font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; background: #f4f6f9; color: #1b2a41; text-align: center; }
  main { max-width: 28rem; margin: 0 auto; padding: 1.5rem 1rem; }
  .hall { color: #4a5a70; font-size: 1rem; }
  .num { font-size: 4.5rem; font-weight: bold; margin: 0.5rem 0; letter-spacing: 0.05em; }
  .stream { font-size: 1.2rem; }
  .state { font-size: 1.5rem; margin: 1.2rem 0; padding: 1rem; border-radius: 0.5rem; background: #fff; }
  .called .state { background: #ffd166; }
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
</div>
<p class="foot">更新于 ${hallClock(s.at)}${live ? '，每 15 秒自动刷新' : ''}</p>`, live);
}

export function followErrorPage(message: string): string {
  return shell('排队进度', `<p class="state" role="alert">${esc(message)}</p>`, false);
}
