// Staff declare for a citizen (khai hộ, /intake/declarations/new): the public form, sent as the officer, for a
// commune of their area; the citizen's outcome is shown to read out to them.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Stack } from '@mantine/core';
import { useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { DeclarationForm } from './PublicDeclarationPage.tsx';

export function DeclarationNewPage(): ReactNode {
  const { t } = useI18n();
  const me = useUser();
  const communes = useCommunes();
  const mine = communes.optionsFor([], me.areaScope === 'communes' ? me.areaCommunes : undefined).map((o) => ({ code: o.value, name: o.label }));
  return (
    <Stack gap="sm" maw={760}>
      <PageHeader title={t('decl.staff.title')}>
        <Anchor component={Link} to="/intake/declarations" size="sm">{t('common.back')}</Anchor>
      </PageHeader>
      <DeclarationForm mode="staff" communes={mine} />
    </Stack>
  );
}
