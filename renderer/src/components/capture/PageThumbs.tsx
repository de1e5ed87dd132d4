import { useEffect, useState } from 'react';
import type { FileRef } from '../../../../preload/contract/devices';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { base64ToBytes } from './fileData';

/** One stored page, fetched through files.read and shown as a thumbnail (PDFs as a labelled tile). */
function PageThumb({ page, index }: { page: FileRef; index: number }) {
  const [url, setUrl] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  useEffect(() => {
    if (!page.mime.startsWith('image/')) return;
    let objectUrl: string | null = null;
    let live = true;
    void call('files.read', { fileId: page.fileId }).then((r) => {
      if (!live) return;
      if (!r.ok) return setErr(r.error.message);
      objectUrl = URL.createObjectURL(new Blob([base64ToBytes(r.value.dataBase64) as BlobPart], { type: r.value.mime }));
      setUrl(objectUrl);
    });
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [page.fileId, page.mime]);
  const label = t('devices.capture.page', { n: index + 1 });
  return (
    <figure className="capture-thumb" data-file-id={page.fileId}>
      {url ? <img src={url} alt={label} /> : <div className="capture-thumb-tile">{page.mime === 'application/pdf' ? t('devices.capture.pdf') : (err ?? '…')}</div>}
      <figcaption>{label}{page.width && page.height ? ` · ${page.width}×${page.height}` : ''}</figcaption>
    </figure>
  );
}

export function PageThumbs({ pages }: { pages: FileRef[] }) {
  if (pages.length === 0) return null;
  return (
    <div className="capture-thumbs" role="list" aria-label={t('devices.capture.pages', { n: pages.length })}>
      {pages.map((p, i) => <div role="listitem" key={p.fileId}><PageThumb page={p} index={i} /></div>)}
    </div>
  );
}
