// UI texts of the intake pages, [vi, en] (merged into the catalogue of i18n.ts).
export const INTAKE_CATALOGUE = {
} as const satisfies Record<string, readonly [vi: string, en: string]>;
