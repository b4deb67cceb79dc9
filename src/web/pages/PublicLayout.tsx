// Frame of the public pages (no login): a light header with the three public forms and the language switch,
// a narrow column that reads well on a cheap phone, and the privacy note. No call needs a session.
import type { ReactNode } from 'react';
import { Link, Outlet, useLocation } from 'react-router';
import { Anchor, Box, Container, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Places } from '../../contracts/intake.declarations.ts';
import { api, buildQuery } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { LanguageSwitch } from '../components/Layout.tsx';

const LINKS: ReadonlyArray<{ to: string; label: MessageKey }> = [
  { to: '/khai-bao', label: 'decl.public.nav' },
  { to: '/vung-dich', label: 'area.public.nav' },
  { to: '/phan-anh', label: 'report.public.nav' },
];

export function PublicLayout(): ReactNode {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <Box mih="100vh" bg="gray.0">
      <Box component="header" bg="white" style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
        <Container size="sm" py="xs" px="sm">
          <Group justify="space-between" gap="xs" wrap="nowrap">
            <Text fw={700} size="md" lh={1.2}>{t('decl.public.brand')}</Text>
            <LanguageSwitch />
          </Group>
          <Group component="nav" aria-label={t('nav.main')} gap="md" mt={6}>
            {LINKS.map((l) => (
              <Anchor
                key={l.to}
                component={Link}
                to={l.to}
                size="sm"
                fw={pathname === l.to ? 700 : 400}
                underline={pathname === l.to ? 'always' : 'hover'}
                aria-current={pathname === l.to ? 'page' : undefined}
              >
                {t(l.label)}
              </Anchor>
            ))}
          </Group>
        </Container>
      </Box>
      <Container component="main" size="sm" px="sm" py="md">
        <Outlet />
        <Text size="xs" c="dimmed" mt="xl">{t('decl.public.privacy')}</Text>
      </Container>
    </Box>
  );
}

export type PlacesT = z.infer<typeof Places>;

/** Provinces valid on a day (the travel of 2020 names the provinces of 2020) and the province's communes. */
export function usePlaces(at?: string) {
  const day = at && /^\d{4}-\d{2}-\d{2}$/.test(at) ? at : undefined;
  return useQuery({
    queryKey: ['public', 'places', day ?? 'today'],
    queryFn: ({ signal }) => api.get<PlacesT>(`/api/public/places${buildQuery({ at: day })}`, { signal }),
    staleTime: 60 * 60 * 1000,
  });
}
