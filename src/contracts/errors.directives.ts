// Error codes of the directives module (merged into ERROR_MESSAGES in errors.ts).
export const DIRECTIVES_ERRORS = {
} as const satisfies Record<string, { vi: string; en: string }>;
