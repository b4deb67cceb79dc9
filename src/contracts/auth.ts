import { z } from 'zod';

export const ROLES = ['admin', 'steering', 'agency', 'health', 'field', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  personRead: 'person.read',
  personWrite: 'person.write',
  personMerge: 'person.merge',
  auditRead: 'audit.read',
  userManage: 'user.manage',
  referenceRead: 'reference.read',
  referenceManage: 'reference.manage',
  retentionManage: 'retention.manage',
  tracingRead: 'tracing.read',
  tracingWrite: 'tracing.write',
  directiveRead: 'directive.read',
  directiveWrite: 'directive.write',
  directiveReport: 'directive.report',
} as const;
export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];

/** What each role may do. Area scope (province or a list of communes) narrows person.* further. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: Object.values(PERMISSIONS),
  steering: ['person.read', 'reference.read', 'tracing.read', 'directive.read', 'directive.write', 'directive.report'],
  agency: ['reference.read', 'directive.read', 'directive.report'],
  health: ['person.read', 'person.write', 'person.merge', 'reference.read', 'tracing.read', 'tracing.write', 'directive.read', 'directive.report'],
  field: ['person.read', 'person.write', 'reference.read', 'tracing.read', 'tracing.write', 'directive.read'],
  viewer: ['reference.read', 'directive.read'],
};

export const ROLE_LABELS: Record<Role, { vi: string; en: string }> = {
  admin: { vi: 'Quản trị hệ thống', en: 'Administrator' },
  steering: { vi: 'Ban Chỉ đạo', en: 'Steering committee' },
  agency: { vi: 'Cán bộ cơ quan', en: 'Agency officer' },
  health: { vi: 'Cán bộ y tế / CDC', en: 'Health / CDC officer' },
  field: { vi: 'Cán bộ hiện trường', en: 'Field officer' },
  viewer: { vi: 'Chỉ xem', en: 'Viewer' },
};

export const LoginBody = z.strictObject({
  username: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(200),
});

export const TotpCodeBody = z.strictObject({ code: z.string().regex(/^\d{6}$/) });
/** Re-enrolment of a user who already has two-factor login needs a current code. */
export const TotpSetupBody = z.strictObject({ currentCode: z.string().regex(/^\d{6}$/).optional() });

export const Me = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  agencyCode: z.string().nullable(),
  areaScope: z.enum(['province', 'communes']),
  areaCommunes: z.array(z.string()),
  permissions: z.array(z.string()),
  totpEnabled: z.boolean(),
});
export type Me = z.infer<typeof Me>;

export const LoginResult = z.object({
  status: z.enum(['ok', 'totp_required', 'totp_setup_required']),
  user: Me.nullable(),
});
export type LoginResult = z.infer<typeof LoginResult>;

export const TotpSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });

export const Password = z.string().min(10).max(200);

export const UserCreate = z.strictObject({
  username: z.string().trim().regex(/^[a-z0-9._-]{3,50}$/),
  displayName: z.string().trim().min(1).max(200),
  password: Password,
  role: z.enum(ROLES),
  agencyCode: z.string().regex(/^[A-Z0-9_]+$/).nullable().optional(),
  areaScope: z.enum(['province', 'communes']).default('province'),
  areaCommunes: z.array(z.string().regex(/^\d{5}$/)).max(500).default([]),
});
export type UserCreate = z.infer<typeof UserCreate>;

export const UserSummary = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  agencyCode: z.string().nullable(),
  areaScope: z.enum(['province', 'communes']),
  areaCommunes: z.array(z.string()),
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  lockedUntil: z.string().nullable(),
});
export const UserList = z.object({ items: z.array(UserSummary) });
