// Error codes of the intake module (merged into ERROR_MESSAGES in errors.ts).
export const INTAKE_ERRORS = {
} as const satisfies Record<string, { vi: string; en: string }>;
