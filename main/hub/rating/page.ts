/**
 * The later-rating page a phone opens from the citizen screen's QR: zh-CN, five levels, the 差评 reasons,
 * one small inline script (allowed by its hash alone) that posts JSON to the same address — the hub
 * takes JSON only, and a form post would need a second body parser on a public route.
 */
import { createHash } from 'node:crypto';
import type { RatePageInfo } from './later';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

const SCRIPT = `
const f = document.getElementById('f'), msg = document.getElementById('msg'), bad = document.getElementById('bad');
f.addEventListener('change', () => { const l = Number((f.querySelector('input[name=level]:checked') || {}).value || 0); bad.hidden = !(l && l <= 2); });
f.addEventListener('submit', async (e) => {
  e.preventDefault();
  const l = Number((f.querySelector('input[name=level]:checked') || {}).value || 0);
  if (!l) { msg.textContent = '请选择评价等级。'; return; }
  const reasons = [...f.querySelectorAll('input[name=reason]:checked')].map((x) => x.value);
  const text = f.querySelector('textarea').value.trim();
  if (l <= 2 && !reasons.length && !text) { msg.textContent = '差评请选择或填写原因。'; return; }
  const r = await fetch(location.pathname, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ level: l, reasons: l <= 2 ? reasons : [], reasonText: l <= 2 && text ? text : null }) });
  const j = await r.json().catch(() => null);
  if (j && j.ok) { f.hidden = true; msg.className = 'ok'; msg.textContent = '感谢您的评价！'; } else msg.textContent = (j && j.error && j.error.message) || '提交失败，请稍后重试。';
});`;

export const RATE_PAGE_CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${createHash('sha256').update(SCRIPT).digest('base64')}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const LEVELS: Array<[number, string]> = [[5, '非常满意'], [4, '满意'], [3, '基本满意'], [2, '不满意'], [1, '非常不满意']];
const REASONS: Array<[string, string]> = [['efficiency', '服务效率'], ['competence', '服务水平'], ['attitude', '服务态度'], ['other', '其他']];

export function ratePage(info: RatePageInfo): string {
  const what = [info.ticketNumber ? `${esc(info.ticketNumber)} 号` : '', info.itemName ? esc(info.itemName) : '', `${info.counter} 号窗口`].filter(Boolean).join(' · ');
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>服务评价</title>
<style>
  body { margin: 0; font-family: "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; background: #f4f6f9; color: #1b2a41; }
  main { max-width: 28rem; margin: 0 auto; padding: 1.5rem 1rem; }
  h1 { font-size: 1.4rem; } fieldset { border: 1px solid #c9d3e0; border-radius: 8px; margin: 0 0 1rem; }
  label { display: block; padding: 0.5rem 0; font-size: 1.1rem; } textarea { width: 100%; font-size: 1rem; }
  button { width: 100%; padding: 0.8rem; font-size: 1.1rem; background: #0d3c91; color: #fff; border: 0; border-radius: 8px; }
  #msg { font-size: 1.1rem; color: #b3261e; min-height: 1.5rem; } #msg.ok { color: #1b7a3a; } .note { color: #4a5a70; font-size: 0.9rem; }
</style>
</head>
<body>
<main>
<h1>请您对本次服务进行评价</h1>
<p>${what}</p>
<form id="f">
<fieldset><legend>评价等级</legend>
${LEVELS.map(([l, n]) => `<label><input type="radio" name="level" value="${l}"> ${'★'.repeat(l)} ${n}</label>`).join('\n')}
</fieldset>
<fieldset id="bad" hidden><legend>差评原因（可多选）</legend>
${REASONS.map(([v, n]) => `<label><input type="checkbox" name="reason" value="${v}"> ${n}</label>`).join('\n')}
<label>具体意见<textarea maxlength="300" rows="3"></textarea></label>
</fieldset>
<button type="submit">提交评价</button>
</form>
<p id="msg" role="status"></p>
<p class="note">评价自愿、匿名；每次服务评价一次。</p>
</main>
<script>${SCRIPT}</script>
</body>
</html>`;
}
