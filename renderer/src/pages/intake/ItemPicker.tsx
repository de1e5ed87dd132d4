import { forwardRef, useEffect, useRef, useState, type RefObject } from 'react';
import type { CatalogHit } from '../../../../preload/contract/intake';
import { call } from '../../api/client';
import { t } from '../../i18n';
import { FieldError, invalidProps } from './errors';

export interface PickedItem {
  item: CatalogHit;
  /** '' while the clerk has still to choose (an item of several scenarios carried in from a booking). */
  scenarioCode: string;
  catalogVersion: string;
}

/** Find an item as you type (name, pinyin initials such as ztys, or code); ↑↓ move, Enter picks. */
interface Props {
  value: PickedItem | null;
  onChange(v: PickedItem | null): void;
  scenarioRef?: RefObject<HTMLSelectElement | null>;
  /** The page's message for each field (「请先选择事项」, 「请选择办理情形」), shown beside it. */
  errors?: { search?: string; scenario?: string };
}

export const ItemPicker = forwardRef<HTMLInputElement, Props>(function ItemPicker({ value, onChange, scenarioRef, errors }, ref) {
  const [q, setQ] = useState('');
  const [hits, setHits] = useState<CatalogHit[]>([]);
  const [version, setVersion] = useState('');
  const [active, setActive] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // The query the shown hits answer, and an Enter pressed before they came (a fast typist or a
  // scanned item code): it picks the first hit when the answer arrives instead of being lost.
  const [hitsFor, setHitsFor] = useState('');
  const enterPending = useRef(false);

  useEffect(() => {
    let stale = false;
    if (!q.trim()) {
      enterPending.current = false;
      setHits([]);
      return;
    }
    void call('intake.catalogSearch', { q, limit: 8 }).then((r) => {
      if (stale) return;
      if (!r.ok) {
        enterPending.current = false;
        setError(r.error.message);
      } else if (enterPending.current && r.value.hits.length) {
        enterPending.current = false;
        setError(null);
        setVersion(r.value.version);
        pickHit(r.value.hits[0], r.value.version);
      } else {
        enterPending.current = false;
        setError(null);
        setHits(r.value.hits);
        setHitsFor(q);
        setVersion(r.value.version);
        setActive(0);
      }
    });
    return () => {
      stale = true;
    };
  }, [q]);

  function pickHit(h: CatalogHit, catalogVersion: string) {
    onChange({ item: h, scenarioCode: h.scenarios[0].code, catalogVersion });
    setQ('');
    setHits([]);
    setHitsFor('');
  }
  const pick = (h: CatalogHit | undefined) => {
    if (h) pickHit(h, version);
  };

  return (
    <section className="panel intake-item" aria-labelledby="intake-item-h">
      <h2 id="intake-item-h">{t('intake.item.heading')}</h2>
      <label className="intake-search">
        {t('intake.item.search')}
        <input
          ref={ref}
          value={q}
          role="combobox"
          aria-expanded={hits.length > 0}
          aria-controls="intake-item-hits"
          {...invalidProps('intake-search-err', error ?? errors?.search)}
          placeholder={t('intake.item.placeholder')}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') setActive((a) => Math.min(a + 1, hits.length - 1));
            else if (e.key === 'ArrowUp') setActive((a) => Math.max(a - 1, 0));
            else if (e.key === 'Enter') {
              if (q.trim() && hitsFor !== q) enterPending.current = true;
              else pick(hits[active]);
            }
            else return;
            e.preventDefault();
          }}
        />
        <FieldError id="intake-search-err" message={error ?? errors?.search} />
      </label>
      {hits.length > 0 && (
        <ul id="intake-item-hits" role="listbox" aria-label={t('intake.item.hits')} className="intake-hits">
          {hits.map((h, i) => (
            <li key={h.code} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} onMouseDown={() => pick(h)}>
              <strong>{h.name}</strong> <span className="hint">{h.code} · {h.department}{h.instant ? ` · ${t('intake.item.instant')}` : ''}</span>
            </li>
          ))}
        </ul>
      )}
      {value && (
        <div className="intake-picked" data-testid="intake-picked">
          <span>{t('intake.item.picked')}<strong>{value.item.name}</strong>（{value.item.code}）{value.item.instant ? t('intake.item.instant') : t('intake.item.promised', { n: value.item.promisedLimitDays })}</span>
          <label>
            {t('intake.item.scenario')}
            <select ref={scenarioRef} value={value.scenarioCode} onChange={(e) => onChange({ ...value, scenarioCode: e.target.value })} data-testid="intake-scenario" {...invalidProps('intake-scenario-err', errors?.scenario)}>
              {!value.scenarioCode && <option value="" disabled>{t('intake.item.scenarioChoose')}</option>}
              {value.item.scenarios.map((s) => <option key={s.code} value={s.code}>{s.name}（{s.materialCount} 项材料）</option>)}
            </select>
            <FieldError id="intake-scenario-err" message={errors?.scenario} />
          </label>
        </div>
      )}
    </section>
  );
});
