// Placeholder for modules that are not built yet. It says so plainly rather than showing an empty form.
import type { ReactNode } from 'react';
import { Badge, Stack, Text } from '@mantine/core';
import { Notice } from '../components/Status.tsx';
import { useI18n, type MessageKey } from '../i18n.ts';
import { PageHeader } from '../components/Page.tsx';

export type SoonModule = 'testing' | 'directives' | 'intake';

const TITLES: Record<SoonModule, MessageKey> = {
  testing: 'nav.testing',
  directives: 'nav.directives',
  intake: 'nav.intake',
};
const PLANS: Record<SoonModule, MessageKey> = {
  testing: 'soon.testing',
  directives: 'soon.directives',
  intake: 'soon.intake',
};

export function ComingSoonPage(props: { module: SoonModule }): ReactNode {
  const { t } = useI18n();
  return (
    <Stack maw={720}>
      <PageHeader title={t(TITLES[props.module])}>
        <Badge variant="outline" color="gray" size="lg">
          {t('soon.title')}
        </Badge>
      </PageHeader>
      <Notice color="yellow" kind="note" title={t('soon.title')}>
        <Text size="sm">{t('soon.text')}</Text>
        <Text size="sm" mt="xs">
          {t('soon.plan')} {t(PLANS[props.module])}
        </Text>
      </Notice>
    </Stack>
  );
}
