import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DeskError } from '../../../common/errors';

const require = createRequire(import.meta.url);

/**
 * Noto Sans SC (SIL OFL 1.1) static TTFs from the npm package @expo-google-fonts/noto-sans-sc:
 * full GB 18030 coverage for rare characters in names and addresses, TrueType outlines that
 * pdfkit subsets quickly. Referenced from node_modules so the font ships with the app's dependencies.
 */
export function fontFiles(): { regular: string; bold: string; licence: string } {
  const dir = dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json'));
  return {
    regular: join(dir, '400Regular', 'NotoSansSC_400Regular.ttf'),
    bold: join(dir, '700Bold', 'NotoSansSC_700Bold.ttf'),
    licence: join(dir, 'LICENSE_FONT'),
  };
}

type PdfMake = {
  virtualfs: { writeFileSync(name: string, data: Buffer): void };
  setFonts(f: unknown): void;
  setUrlAccessPolicy(cb: (url: string) => boolean): void;
  setLocalAccessPolicy(cb: (path: string) => boolean): void;
  createPdf(doc: unknown): { getBuffer(): Promise<Buffer> };
};

let engine: PdfMake | null = null;

function pdfmake(): PdfMake {
  if (engine) return engine;
  const pm = require('pdfmake') as PdfMake;
  const f = fontFiles();
  let regular: Buffer, bold: Buffer;
  try {
    regular = readFileSync(f.regular);
    bold = readFileSync(f.bold);
  } catch {
    throw new DeskError('NOTICE_FONT_MISSING', '打印文书所需的中文字体缺失，请重新安装 WindowDesk 或联系管理员。');
  }
  // Fonts live in pdfmake's in-memory file system, so notices never read the disk or the network.
  pm.virtualfs.writeFileSync('NotoSansSC-Regular.ttf', regular);
  pm.virtualfs.writeFileSync('NotoSansSC-Bold.ttf', bold);
  pm.setFonts({
    NotoSansSC: {
      normal: 'NotoSansSC-Regular.ttf', bold: 'NotoSansSC-Bold.ttf', italics: 'NotoSansSC-Regular.ttf', bolditalics: 'NotoSansSC-Bold.ttf',
    },
  });
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy(() => false);
  engine = pm;
  return pm;
}

export async function renderPdf(doc: Record<string, unknown>): Promise<Buffer> {
  const pm = pdfmake();
  const def = { ...doc, defaultStyle: { font: 'NotoSansSC', fontSize: 11, lineHeight: 1.4, ...(doc.defaultStyle as object) } };
  return Buffer.from(await pm.createPdf(def).getBuffer());
}
