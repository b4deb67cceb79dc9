// Error codes of the directives module (merged into ERROR_MESSAGES in errors.ts).
export const DIRECTIVES_ERRORS = {
  'directive.empty': { vi: 'Văn bản trống', en: 'The text is empty' },
  'directive.not_text': { vi: 'Tệp không phải văn bản', en: 'The input is not text' },
  'directive.too_large': { vi: 'Văn bản quá dài (tối đa 2 triệu ký tự)', en: 'The text is too long (2 million characters at most)' },
} as const satisfies Record<string, { vi: string; en: string }>;
