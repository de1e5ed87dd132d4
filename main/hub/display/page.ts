// The hall TV page (GET /display): plain HTML + JS, zh-CN, large type, live over /push.
// Kept as a string module so the hub needs no static-file path at run time (embedded or bundled).
export const DISPLAY_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>叫号显示屏</title>
<style>
  html, body { margin: 0; height: 100%; background: #0b2545; color: #fff; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 1.2vh 3vw; background: #13315c; font-size: 4vh; }
  main { display: grid; grid-template-columns: 2fr 1fr; gap: 2vw; padding: 2vh 3vw; }
  h2 { font-size: 3.6vh; margin: 0 0 1.5vh; color: #8da9c4; font-weight: normal; }
  #latest { font-size: 14vh; font-weight: bold; color: #ffd166; line-height: 1.1; min-height: 16vh; }
  #latest small { display: block; font-size: 6vh; color: #fff; }
  table { width: 100%; border-collapse: collapse; font-size: 5.5vh; }
  td { padding: 1vh 0.5vw; border-bottom: 1px solid #23395d; }
  td.num { color: #ffd166; font-weight: bold; }
  .wait td { font-size: 4.5vh; }
  .wait .eta { display: block; font-size: 2.6vh; color: #8da9c4; font-weight: normal; }
  #status { font-size: 2.4vh; color: #8da9c4; }
  .flash { animation: flash 1s 3; }
  @keyframes flash { 50% { background: #ef476f; } }
</style>
</head>
<body>
<header><span id="hall">政务服务中心</span><span id="clock"></span></header>
<main>
  <section>
    <h2>正在叫号</h2>
    <div id="latest">—</div>
    <h2>最近叫号</h2>
    <table id="recent"></table>
  </section>
  <section>
    <h2>等候人数</h2>
    <table class="wait" id="waiting"></table>
    <p id="status">连接中…</p>
  </section>
</main>
<script>
(function () {
  var names = {}, recent = [];
  var digits = '零一二三四五六七八九';
  function spoken(n) { return n.split('').map(function (c) { return /\\d/.test(c) ? digits[+c] : c; }).join(' '); }
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; }); }
  function tick() { document.getElementById('clock').textContent = new Date().toLocaleTimeString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' }); }
  setInterval(tick, 1000); tick();
  // A TV whose enrolment was revoked is refused (401): reloading shows the enrolment form again.
  function refused(r) { if (r.status === 401) { location.reload(); return true; } return false; }
  fetch('/hall').then(function (r) { return refused(r) ? { ok: false } : r.json(); }).then(function (r) {
    if (!r.ok) return;
    document.getElementById('hall').textContent = r.value.name;
    r.value.streams.forEach(function (s) { names[s.id] = s.name; });
  });
  function showLatest(number, counterName) {
    document.getElementById('latest').innerHTML = esc(number) + '<small>请到 ' + esc(counterName) + '</small>';
  }
  function drawRecent() {
    document.getElementById('recent').innerHTML = recent.map(function (x) {
      return '<tr><td class="num">' + esc(x.number) + '</td><td>' + esc(x.counterName) + '</td></tr>';
    }).join('');
  }
  // After a (re)connect: the day's latest calls, shown without a chime or speech (they were announced already).
  function restore(calls) {
    recent = calls.map(function (c) { return { number: c.number, counterName: c.counterName }; });
    if (calls.length) showLatest(calls[0].number, calls[0].counterName);
    drawRecent();
  }
  function announce(e) {
    var latest = document.getElementById('latest');
    showLatest(e.ticket.number, e.counterName);
    latest.classList.remove('flash'); void latest.offsetWidth; latest.classList.add('flash');
    recent = [{ number: e.ticket.number, counterName: e.counterName }].concat(recent.filter(function (x) { return x.number !== e.ticket.number; })).slice(0, 6);
    drawRecent();
    if (window.speechSynthesis) {
      var u = new SpeechSynthesisUtterance('请 ' + spoken(e.ticket.number) + ' 号 到 ' + e.counter + ' 号窗口');
      u.lang = 'zh-CN'; window.speechSynthesis.speak(u);
    }
  }
  // est: the hub's forecast for a ticket taken now (issue 13), per stream; absent for appointments.
  function waiting(w, est) {
    document.getElementById('waiting').innerHTML = Object.keys(w).map(function (k) {
      var m = est && typeof est[k] === 'number' ? '<small class="eta">约 ' + est[k] + ' 分钟</small>' : '';
      return '<tr><td>' + esc(names[k] || k) + '</td><td class="num">' + w[k] + ' 人' + m + '</td></tr>';
    }).join('');
  }
  var delay = 500;
  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/push');
    ws.onopen = function () { delay = 500; document.getElementById('status').textContent = '已连接'; };
    ws.onmessage = function (m) {
      var e = JSON.parse(m.data);
      if (e.type === 'ticket.called') announce(e);
      else if (e.type === 'queue.changed') waiting(e.waiting, e.estimates);
      else if (e.type === 'calls.recent') restore(e.calls);
    };
    ws.onclose = function (ev) {
      if (ev.code === 4401) { location.reload(); return; }
      fetch('/hall').then(refused, function () {});
      document.getElementById('status').textContent = '连接中断，正在重连…';
      setTimeout(connect, delay); delay = Math.min(delay * 2, 10000);
    };
  }
  connect();
})();
</script>
</body>
</html>`;
