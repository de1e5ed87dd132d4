import fs from 'node:fs';
import { DeskError } from '../../../common/errors';
import { checkNewPin } from './keystore';

export interface PinOptions {
  /** `--pin-file`: a file (0600, readable by the service only) whose first line is the PIN. */
  pinFile?: string;
  /** Defaults to process.env (WINDOWDESK_PIN). */
  env?: NodeJS.ProcessEnv;
  /** Defaults to process.stdin/process.stderr when stdin is a TTY. */
  tty?: { input: NodeJS.ReadStream; output: NodeJS.WriteStream } | null;
}

/**
 * Where the operator PIN comes from, in order: `--pin-file`, `WINDOWDESK_PIN` (both for services
 * started without a terminal), else a prompt on the terminal that does not echo. Without any of
 * them the request fails with a Chinese error saying how to give one.
 */
export function pinSource(opts: PinOptions = {}): (why: 'unlock' | 'new') => Promise<string> {
  const env = opts.env ?? process.env;
  return async (why) => {
    if (opts.pinFile) {
      try {
        return fs.readFileSync(opts.pinFile, 'utf8').split(/\r?\n/)[0];
      } catch (e) {
        throw new DeskError('KEY_PIN_FILE', `无法读取 PIN 文件：${opts.pinFile}（${(e as Error).message}）。`);
      }
    }
    if (env.WINDOWDESK_PIN) return env.WINDOWDESK_PIN;
    const tty = opts.tty === undefined ? (process.stdin.isTTY ? { input: process.stdin, output: process.stderr } : null) : opts.tty;
    if (!tty) throw new DeskError('KEY_PIN_REQUIRED', '需要操作员 PIN 才能打开加密数据：请在终端启动并输入 PIN，或设置环境变量 WINDOWDESK_PIN，或用 --pin-file 指定 PIN 文件。');
    if (why === 'unlock') return promptHidden(tty, '请输入操作员 PIN：');
    for (;;) {
      const first = await promptHidden(tty, `首次启动：请设置操作员 PIN（至少 6 位）：`);
      try {
        checkNewPin(first);
      } catch (e) {
        tty.output.write(`${(e as Error).message}\n`);
        continue;
      }
      if ((await promptHidden(tty, '请再输入一次：')) === first) return first;
      tty.output.write('两次输入不一致，请重新设置。\n');
    }
  };
}

/** Reads one line from a terminal without echoing it. */
export function promptHidden(tty: { input: NodeJS.ReadStream; output: NodeJS.WriteStream }, question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const { input, output } = tty;
    output.write(question);
    let value = '';
    const wasRaw = input.isRaw;
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    const done = (err?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(wasRaw ?? false);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003') return done(new DeskError('KEY_PIN_CANCELLED', '已取消输入 PIN。'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
