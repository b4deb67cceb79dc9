// Page heading with optional actions on the right; also sets the document title for screen readers and tabs.
import { useEffect, type ReactNode } from 'react';
import { Group, Title } from '@mantine/core';
import { useI18n } from '../i18n.ts';

export function usePageTitle(title: string): void {
  const { t } = useI18n();
  const app = t('app.name');
  useEffect(() => {
    document.title = title && title !== app ? `${title} · ${app}` : app;
  }, [title, app]);
}

export function PageHeader(props: { title: string; children?: ReactNode }): ReactNode {
  usePageTitle(props.title);
  return (
    <Group justify="space-between" align="center" mb="md" gap="sm">
      <Title order={1} size="h2">
        {props.title}
      </Title>
      {props.children && <Group gap="xs">{props.children}</Group>}
    </Group>
  );
}
