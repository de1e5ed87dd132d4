import { app, BrowserWindow, screen } from 'electron';
import { APP_ORIGIN, secureWebPreferences } from './security';

export function createClerkWindow(preload: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    minWidth: 1100,
    minHeight: 700,
    title: '综合窗口工作台',
    show: false,
    webPreferences: secureWebPreferences(preload, app.isPackaged),
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** The applicant-facing window goes full screen on the second display (the counter's customer monitor) when there is one. */
export function createCitizenWindow(preload: string, counterId: string): BrowserWindow {
  const primary = screen.getPrimaryDisplay();
  const other = screen.getAllDisplays().find((d) => d.id !== primary.id);
  const bounds = (other ?? primary).bounds;
  const win = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: other ? bounds.width : 1280,
    height: other ? bounds.height : 800,
    fullscreen: Boolean(other),
    autoHideMenuBar: true,
    title: '群众屏',
    webPreferences: secureWebPreferences(preload, app.isPackaged),
  });
  void win.loadURL(`${APP_ORIGIN}/index.html#/citizen/${encodeURIComponent(counterId)}`);
  return win;
}
