import { z } from 'zod';

export const itemKindSchema = z.enum(['licensing', 'public-service']);
export const deliveryOptionSchema = z.enum(['pickup', 'post']);

export const materialDefSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  requirement: z.enum(['required', 'optional', 'conditional']),
  /** When `requirement` is conditional: the plain-Chinese condition the clerk reads out. */
  condition: z.string().optional(),
  presentation: z.enum(['original', 'copy', 'original-and-copy']),
  copies: z.number().int().min(0).max(20),
  format: z.enum(['paper', 'electronic', 'paper-or-electronic']),
  /** The e-licence type (ElicenceType) whose valid licence exempts this material. */
  elicenceType: z.string().optional(),
  /** The data-sharing check whose pass exempts this material. */
  datashareCheck: z.string().optional(),
  commitmentAllowed: z.boolean(),
  /** May be accepted with deficiency (容缺受理) and handed in later. */
  deficiencyAllowed: z.boolean().optional(),
  blankForm: z.string().optional(),
  example: z.string().optional(),
  note: z.string().optional(),
});

export const scenarioSchema = z.object({
  code: z.string().min(1),
  name: z.string().min(1),
  /** Material ids from the item's materials, in the order the checklist shows them. */
  materialIds: z.array(z.string()).min(1),
});

export const itemSchema = z
  .object({
    code: z.string().min(1),
    name: z.string().min(1),
    department: z.string().min(1),
    kind: itemKindSchema,
    legalLimitDays: z.number().int().min(0),
    promisedLimitDays: z.number().int().min(0),
    instant: z.boolean(),
    delivery: z.array(deliveryOptionSchema).min(1),
    materials: z.array(materialDefSchema),
    scenarios: z.array(scenarioSchema).min(1),
    demo: z.boolean().optional(),
    /** 保管期限 of the item's archived cases (国家档案局令第8号); absent: the archive's default (30年). */
    retention: z.enum(['永久', '30年', '10年']).optional(),
  })
  .superRefine((item, ctx) => {
    const ids = new Set(item.materials.map((m) => m.id));
    if (ids.size !== item.materials.length) ctx.addIssue({ code: 'custom', message: `${item.code} 材料编号重复` });
    for (const s of item.scenarios) {
      for (const id of s.materialIds) {
        if (!ids.has(id)) ctx.addIssue({ code: 'custom', message: `${item.code}/${s.code} 引用了不存在的材料 ${id}` });
      }
    }
    if (new Set(item.scenarios.map((s) => s.code)).size !== item.scenarios.length) {
      ctx.addIssue({ code: 'custom', message: `${item.code} 情形编号重复` });
    }
    if (item.promisedLimitDays > item.legalLimitDays) ctx.addIssue({ code: 'custom', message: `${item.code} 承诺时限超过法定时限` });
    if (item.instant && item.promisedLimitDays !== 0) ctx.addIssue({ code: 'custom', message: `${item.code} 即办件的承诺时限应为 0` });
  });

export const catalogSchema = z
  .object({
    version: z.string().min(1),
    publishedAt: z.string().optional(),
    demo: z.boolean().optional(),
    note: z.string().optional(),
    items: z.array(itemSchema),
  })
  .superRefine((cat, ctx) => {
    const seen = new Set<string>();
    for (const it of cat.items) {
      if (seen.has(it.code)) ctx.addIssue({ code: 'custom', message: `事项编码 ${it.code} 重复` });
      seen.add(it.code);
    }
  });

export type ItemKind = z.infer<typeof itemKindSchema>;
export type DeliveryOption = z.infer<typeof deliveryOptionSchema>;
export type MaterialDef = z.infer<typeof materialDefSchema>;
export type Scenario = z.infer<typeof scenarioSchema>;
export type CatalogItem = z.infer<typeof itemSchema>;
export type Catalog = z.infer<typeof catalogSchema>;
