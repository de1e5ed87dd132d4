export type Property = 'authenticity' | 'integrity' | 'usability' | 'security';

export interface Check {
  property: Property;
  item: string;
  ok: boolean;
  detail: string;
}

export interface CheckReport {
  ok: boolean;
  checks: Check[];
}

/** DA/T 70-2018 stage codes: GD 归档 (the workstation, before sending), YJ 移交与接收 (the hub, at receipt). */
export type CheckStage = 'GD' | 'YJ';
