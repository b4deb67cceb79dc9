// The directives module's sub-navigation: registry, import, task board, drafting (writers see all four).
import type { ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { Button, Group } from '@mantine/core';
import { DIRECTIVE_PERMISSIONS } from '../../contracts/directives.documents.ts';
import { useCan } from '../auth.ts';
import { useDirT } from '../lib/directives.ts';
import type { DirectivesKey } from '../i18n.directives.ts';

const ITEMS: readonly { to: string; label: DirectivesKey; write?: boolean; match: RegExp }[] = [
  { to: '/directives', label: 'dir.nav.documents', match: /^\/directives(\/documents(\/.*)?)?$/ },
  { to: '/directives/import', label: 'dir.nav.import', write: true, match: /^\/directives\/import/ },
  { to: '/directives/tasks', label: 'dir.nav.tasks', match: /^\/directives\/tasks/ },
  { to: '/directives/drafts', label: 'dir.nav.drafts', write: true, match: /^\/directives\/drafts/ },
];

export function DirectiveNav(): ReactNode {
  const dt = useDirT();
  const { pathname } = useLocation();
  const canWrite = useCan(DIRECTIVE_PERMISSIONS.write);
  return (
    <Group component="nav" aria-label={dt('dir.nav.label')} gap="xs" mb="sm" wrap="wrap">
      {ITEMS.filter((i) => !i.write || canWrite).map((i) => {
        const active = i.match.test(pathname);
        return (
          <Button key={i.to} component={Link} to={i.to} size="xs" variant={active ? 'filled' : 'light'} aria-current={active ? 'page' : undefined}>
            {dt(i.label)}
          </Button>
        );
      })}
    </Group>
  );
}
