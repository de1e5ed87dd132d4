import { useCallback, useEffect, useState } from 'react';
import { CAPACITY_NAMES } from '../../../../common/assist/labels';
import { HELPER_CAPACITIES, type HelperCapacity } from '../../../../common/assist/schema';
import type { CallOutput } from '../../../../preload/contract';
import { call } from '../../api/client';
import { errorText, t } from '../../i18n';

type StaffRow = CallOutput<'staff.list'>[number];

/**
 * 人员: lock state (a supervisor or administrator unlocks), and each person's 帮办身份 — who they help
 * as when they take a 求助 (帮办人员 / 审批官 / 领导干部), which the ledger and the counter show.
 * Only an administrator changes it; a supervisor sees it.
 */
export function StaffPanel({ canSetCapacity }: { canSetCapacity: boolean }) {
  const [rows, setRows] = useState<StaffRow[]>([]);
  const [msg, setMsg] = useState<{ ok: boolean; text: string } | null>(null);
  const load = useCallback(() => void call('staff.list', {}).then((r) => r.ok && setRows(r.value)), []);
  useEffect(load, [load]);
  const setCapacity = async (s: StaffRow, capacity: HelperCapacity) => {
    const r = await call('assist.setCapacity', { staffNo: s.staffNo, capacity });
    setMsg(r.ok ? { ok: true, text: t('settings.capacitySaved', { name: s.name, capacity: CAPACITY_NAMES[capacity] }) } : { ok: false, text: errorText(r.error) });
    load();
  };
  return (
    <section className="panel" role="region" aria-labelledby="staff-heading">
      <h2 id="staff-heading">{t('settings.staff')}</h2>
      {msg && <p className={msg.ok ? 'form-ok' : 'form-error'} role={msg.ok ? 'status' : 'alert'}>{msg.text}</p>}
      <table>
        <thead>
          <tr><th>{t('settings.col.staffNo')}</th><th>{t('settings.col.name')}</th><th>{t('settings.col.role')}</th><th>{t('settings.col.assistCapacity')}</th><th>{t('settings.col.state')}</th><th /></tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.id}>
              <td>{s.staffNo}</td><td>{s.name}</td><td>{t(`role.${s.role}`)}</td>
              <td>{canSetCapacity
                ? (
                  <select aria-label={t('settings.capacityOf', { name: s.name })} value={s.assistCapacity} onChange={(e) => void setCapacity(s, e.target.value as HelperCapacity)}>
                    {HELPER_CAPACITIES.map((c) => <option key={c} value={c}>{CAPACITY_NAMES[c]}</option>)}
                  </select>
                )
                : CAPACITY_NAMES[s.assistCapacity]}</td>
              <td>{s.locked ? t('settings.locked') : t('settings.active')}</td>
              <td>{s.locked && (
                <button type="button" aria-label={`${t('settings.unlock')} ${s.name}`} onClick={async () => {
                  const r = await call('staff.unlock', { staffId: s.id });
                  setMsg(r.ok ? null : { ok: false, text: errorText(r.error) });
                  load();
                }}>{t('settings.unlock')}</button>
              )}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
