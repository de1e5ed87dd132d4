import { spawn } from 'node:child_process';
import { DeskError } from '../../common/errors';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  /** Code + message when the binary itself is missing. */
  missing?: [code: string, message: string];
}

/** Runs a tool with an argument vector (never a shell string) and collects its output. */
export function run(cmd: string, args: string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    // Its own process group, so a timeout also stops what the tool forked (SANE backends fork a
    // reader process that keeps our pipes open; killing only the parent never closes them).
    const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const killGroup = (signal: NodeJS.Signals) => {
      try {
        if (child.pid && process.platform !== 'win32') process.kill(-child.pid, signal);
        else child.kill(signal);
      } catch {
        // already gone
      }
    };
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          killGroup('SIGTERM');
          setTimeout(() => killGroup('SIGKILL'), 2000).unref();
        }, opts.timeoutMs)
      : undefined;
    const finish = (code: number | null) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    };
    // After a timeout, the exit of the tool is enough: don't wait for pipes a straggler may hold.
    child.on('exit', (code) => {
      if (timedOut) {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code);
      }
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      if (e.code === 'ENOENT') {
        const [code, message] = opts.missing ?? ['DEVICE_TOOL_MISSING', `找不到程序 ${cmd}，请联系技术人员安装。`];
        reject(new DeskError(code, message, { cmd }));
      } else reject(new DeskError('DEVICE_TOOL_FAILED', `无法运行 ${cmd}：${e.message}`, { cmd }));
    });
    child.on('close', (code) => finish(code));
  });
}
