// Test factories of intake.
import type { App } from '../../platform/context.ts';
import { INTAKE_RULES } from '../reference/seed/rules.intake.ts';

/** Until INTAKE_RULES joins POLICY_RULES (seedReference), test databases get them here; idempotent. */
export async function seedIntakeRules(app: App): Promise<void> {
  for (const r of INTAKE_RULES) {
    await app.db.insertInto('policy_rules').values({
      key: r.key, version: r.version, value: JSON.stringify(r.value), valid_from: r.validFrom, valid_to: r.validTo, legal_ref: r.legalRef, note: r.note ?? null,
    }).onConflict((oc) => oc.columns(['key', 'version']).doNothing()).execute();
  }
}
