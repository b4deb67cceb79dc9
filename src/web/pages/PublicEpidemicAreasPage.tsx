// Public list of declared epidemic areas (/vung-dich): in force first, riskiest first, then those ended.
// No personal data: places, dates, risk levels (written, not only coloured), who declared them and why.
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Badge, Button, Card, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PublicArea, PublicAreaList } from '../../contracts/intake.declarations.ts';
import { vnToday } from '../../contracts/intake.declarations.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { formatDate } from '../lib/format.ts';
import { groupAreas, riskColor } from '../lib/declaration.ts';
import { usePageTitle } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';

export function PublicEpidemicAreasPage(): ReactNode {
  const { t } = useI18n();
  usePageTitle(t('area.public.title'));
  const areas = useQuery({
    queryKey: ['public', 'areas'],
    queryFn: ({ signal }) => api.get<z.infer<typeof PublicAreaList>>('/api/public/epidemic-areas', { signal }),
    staleTime: 60_000,
  });
  const groups = groupAreas(areas.data?.items ?? [], vnToday());
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">{t('area.public.title')}</Title>
      <Text size="sm">{t('area.public.intro')}</Text>
      <Button component={Link} to="/khai-bao" w="fit-content">{t('area.public.declare')}</Button>
      {areas.isPending ? <Loading /> : areas.isError ? <ErrorAlert error={areas.error} onRetry={() => void areas.refetch()} /> : (
        <>
          <Title order={2} size="h4" mt="sm">{t('area.current')}</Title>
          {groups.current.length === 0 ? <Text size="sm">{t('area.none')}</Text> : groups.current.map((a) => <AreaCard key={a.id} area={a} />)}
          {groups.past.length > 0 && (
            <>
              <Title order={2} size="h4" mt="sm">{t('area.past')}</Title>
              {groups.past.map((a) => <AreaCard key={a.id} area={a} />)}
            </>
          )}
        </>
      )}
    </Stack>
  );
}

export function AreaCard({ area }: { area: PublicArea }): ReactNode {
  const { t } = useI18n();
  return (
    <Card withBorder padding="sm" component="article" aria-label={area.name}>
      <Text fw={700}>{area.name}</Text>
      <Badge color={riskColor(area.riskLevel)} variant="light" tt="none" mt={4}>{t(`area.risk.${area.riskLevel as 1 | 2 | 3 | 4}`)}</Badge>
      <Text size="sm" mt={4}>
        {area.dateTo ? t('area.window', { from: formatDate(area.dateFrom), to: formatDate(area.dateTo) }) : t('area.windowOpen', { from: formatDate(area.dateFrom) })}
      </Text>
      <Text size="xs" c="dimmed">{t('area.declaredBy', { by: area.declaredBy })}</Text>
      <Text size="xs" c="dimmed">{t('area.legalRef', { ref: area.legalRef })}</Text>
    </Card>
  );
}
