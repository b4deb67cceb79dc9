// Overview: who is logged in, system health and a few counts. Epidemiological dashboards come with the
// tracing and testing modules; the page says so instead of showing invented figures.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Health } from '../../contracts/common.ts';
import type { PolicyRule } from '../../contracts/reference.ts';
import { ROLE_LABELS } from '../../contracts/auth.ts';
import { api } from '../api.ts';
import { can, useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { useAgencies, useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Notice } from '../components/Status.tsx';

type HealthT = z.infer<typeof Health>;

export function DashboardPage(): ReactNode {
  const { t, num, lang } = useI18n();
  const me = useUser();
  const health = useQuery({ queryKey: ['health'], queryFn: () => api.get<HealthT>('/api/health') });
  const people = useQuery({
    queryKey: ['people', 'count'],
    queryFn: () => api.get<{ total: number; totalIsEstimate: boolean }>('/api/people?page=1&pageSize=1'),
    enabled: can(me, 'person.read'),
  });
  const communes = useCommunes();
  const agencies = useAgencies();
  const rules = useQuery({
    queryKey: ['reference', 'rules'],
    queryFn: () => api.get<{ items: PolicyRule[] }>('/api/reference/rules'),
  });

  const count = (n: number | undefined, estimate = false) => (n === undefined ? '…' : `${estimate ? '≈ ' : ''}${num(n)}`);

  return (
    <Stack>
      <PageHeader title={t('dashboard.title')} />
      <Text>
        {t('dashboard.welcome', { name: me.displayName })} · {ROLE_LABELS[me.role][lang]}
      </Text>

      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
        {can(me, 'person.read') && (
          <Stat label={t('dashboard.people')} value={count(people.data?.total, people.data?.totalIsEstimate)} to="/people" />
        )}
        <Stat label={t('dashboard.communes')} value={count(communes.query.data ? communes.options.length : undefined)} />
        <Stat label={t('dashboard.agencies')} value={count(agencies.data?.items.length)} />
        <Stat label={t('dashboard.rules')} value={count(rules.data?.items.length)} />
      </SimpleGrid>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('dashboard.system')}
        </Title>
        <ErrorAlert error={health.error} onRetry={() => void health.refetch()} />
        {health.data && (
          <Stack gap={4}>
            <Group gap="xs">
              <Badge color="green" variant="light" tt="none">
                ✓ {t('dashboard.statusOk')}
              </Badge>
            </Group>
            <Text size="sm">
              {t('dashboard.database')}: PostgreSQL {health.data.database.version} (
              {t(health.data.database.kind === 'embedded' ? 'dashboard.dbEmbedded' : 'dashboard.dbExternal')})
            </Text>
            <Text size="sm">
              {t('dashboard.version')}: {health.data.version}
            </Text>
          </Stack>
        )}
      </Card>

      <Notice color="gray" kind="note">
        {t('dashboard.note')}
      </Notice>
    </Stack>
  );
}

function Stat(props: { label: string; value: string; to?: string }): ReactNode {
  const body = (
    <>
      <Text size="sm" c="dimmed">
        {props.label}
      </Text>
      <Text size="xl" fw={700}>
        {props.value}
      </Text>
    </>
  );
  return props.to ? (
    <Card withBorder component={Link} to={props.to}>
      {body}
    </Card>
  ) : (
    <Card withBorder>{body}</Card>
  );
}
