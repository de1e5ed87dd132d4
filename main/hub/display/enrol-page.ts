// The hall TV's enrolment form (GET /display on a secure hub, for a browser without a device
// cookie): one field for the one-time code an administrator made with
// `npm run hub -- enrol-code --role display`. The hub answers with an HttpOnly cookie; the page
// then reloads into the display. Plain HTML + JS like page.ts; large type for a screen across a room.
export const DISPLAY_ENROL_HTML = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>叫号显示屏登记</title>
<style>
  html, body { margin: 0; height: 100%; background: #0b2545; color: #fff; font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; }
  main { max-width: 60vw; margin: 12vh auto 0; background: #13315c; padding: 5vh 4vw; border-radius: 1vh; }
  h1 { font-size: 5vh; margin: 0 0 2vh; }
  p { font-size: 2.6vh; line-height: 1.6; color: #d6e2f0; margin: 0 0 2vh; }
  label { display: block; font-size: 3vh; margin: 3vh 0 1vh; }
  input { width: 100%; box-sizing: border-box; font-size: 4.5vh; padding: 1.2vh 1vw; letter-spacing: 0.3vw; font-family: monospace; text-transform: uppercase; border-radius: 0.6vh; border: 2px solid #8da9c4; }
  button { margin-top: 3vh; font-size: 3.4vh; padding: 1.2vh 3vw; background: #ffd166; color: #0b2545; border: 0; border-radius: 0.6vh; cursor: pointer; font-weight: bold; }
  button:disabled { opacity: 0.6; cursor: wait; }
  #error { min-height: 4vh; margin-top: 2.5vh; font-size: 2.8vh; color: #ffb4c1; }
  code { font-size: 2.4vh; color: #ffd166; }
</style>
</head>
<body>
<main>
  <h1>本屏尚未登记</h1>
  <p>大厅叫号屏须先在大厅服务登记，才能显示叫号。请向管理员索取一次性的叫号屏登记码（管理员在工作站的 设置 → 大厅设备登记 生成，或在大厅服务上运行
    <code>npm run hub -- enrol-code --role display</code>），在下方输入。</p>
  <form id="form" novalidate>
    <label for="code">叫号屏登记码</label>
    <input id="code" name="code" autocomplete="off" spellcheck="false" maxlength="40" placeholder="XXXX-XXXX-XXXX-XXXX" aria-describedby="error" required>
    <button id="submit" type="submit">登记本屏</button>
    <div id="error" role="alert" aria-live="assertive"></div>
  </form>
</main>
<script>
(function () {
  var form = document.getElementById('form'), input = document.getElementById('code');
  var button = document.getElementById('submit'), error = document.getElementById('error');
  input.focus();
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var code = input.value.trim();
    if (!code) { error.textContent = '请输入登记码。'; input.focus(); return; }
    button.disabled = true; error.textContent = '';
    fetch('/display/enrol', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: code }), credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (r) {
        if (r.ok) { location.reload(); return; }
        error.textContent = r.error && r.error.message ? r.error.message : '登记失败，请重试。';
        button.disabled = false; input.select();
      })
      .catch(function () {
        error.textContent = '无法连接大厅服务，请检查网络后重试。';
        button.disabled = false;
      });
  });
})();
</script>
</body>
</html>`;
