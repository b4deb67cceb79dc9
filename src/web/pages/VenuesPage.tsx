// Venues with QR codes (/venues): the list filtered by commune, kind and name, each venue's poster to
// print (SVG or PDF) and its check-in link, creating and editing venues, and the map of venues on the commune
// outlines. Visits typed by staff and CSV imports are on /venues/checkin.
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Card, CopyButton, Group, Pagination, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CatchupStatus, VenueListResult, VenueView } from '../../contracts/intake.checkins.ts';
import { api, buildQuery } from '../api.ts';
import { useCan, useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { selectLabelProps, useCommunes } from '../lib/reference.ts';
import { formatStay, kindLabel, kindOptions, posterHref } from '../lib/venues.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';
import { VenueMap } from '../components/VenueMap.tsx';
import { VenueFormModal } from './VenuesForm.tsx';

type List = z.infer<typeof VenueListResult>;
const PAGE = 50;

export function VenuesPage(): ReactNode {
  const { t, lang, num } = useI18n();
  const me = useUser();
  const canWrite = useCan('tracing.write');
  const communes = useCommunes();
  const [commune, setCommune] = useState<string | null>(me.areaScope === 'communes' && me.areaCommunes.length === 1 ? me.areaCommunes[0]! : null);
  const [kind, setKind] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [withInactive, setWithInactive] = useState(false);
  const [page, setPage] = useState(1);
  const [showMap, setShowMap] = useState(true);
  const [editing, setEditing] = useState<VenueView | null>(null);
  const [creating, setCreating] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  const list = useQuery({
    queryKey: ['intake', 'venues', { commune, kind, q: debouncedQ, withInactive, page }],
    queryFn: ({ signal }) => api.get<List>(`/api/intake/venues${buildQuery({ commune, kind, q: debouncedQ, active: withInactive ? 'all' : 'true', page, pageSize: PAGE })}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const catchup = useQuery({
    queryKey: ['intake', 'catchup'],
    queryFn: ({ signal }) => api.get<z.infer<typeof CatchupStatus>>('/api/intake/checkins/catchup', { signal }),
    refetchInterval: 15_000,
  });

  const filter = <T,>(setter: (v: T) => void) => (v: T) => { setter(v); setPage(1); };

  return (
    <Stack gap="md">
      <PageHeader title={t('venues.title')}>
        <Button component={Link} to="/venues/checkin" variant="light">{t('venues.staffCheckin')}</Button>
        {canWrite && <Button onClick={() => { setSaved(null); setCreating(true); }}>{t('venues.add')}</Button>}
      </PageHeader>
      {saved && <Notice color="green" kind="status" onClose={() => setSaved(null)}>{t('venues.saved', { name: saved })}</Notice>}

      <Group align="flex-end" gap="sm">
        <TextInput label={t('venues.search')} value={q} onChange={(e) => filter(setQ)(e.currentTarget.value)} w={240} />
        <Select {...selectLabelProps('venues-commune')} label={t('venues.col.commune')} placeholder={t('venues.allCommunes')} data={communes.optionsFor(commune ? [commune] : [])}
          value={commune} onChange={filter(setCommune)} clearable searchable w={240} />
        <Select {...selectLabelProps('venues-kind')} label={t('venues.col.kind')} placeholder={t('venues.allKinds')} data={kindOptions(lang)} value={kind} onChange={filter(setKind)} clearable w={200} />
        <Switch label={t('venues.showInactive')} checked={withInactive} onChange={(e) => filter(setWithInactive)(e.currentTarget.checked)} mb={8} />
      </Group>

      <Card withBorder>
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4">{t('venues.map.title')}</Title>
          <Button size="xs" variant="subtle" onClick={() => setShowMap((s) => !s)} aria-expanded={showMap}>{t(showMap ? 'venues.map.hide' : 'venues.map.show')}</Button>
        </Group>
        {showMap && <VenueMap commune={commune} kind={kind} />}
      </Card>

      <Card withBorder>
        {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
          <Text size="sm">{t('venues.none')}</Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped verticalSpacing={6} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('venues.col.name')}</Table.Th>
                    <Table.Th>{t('venues.col.kind')}</Table.Th>
                    <Table.Th>{t('venues.col.commune')}</Table.Th>
                    <Table.Th>{t('venues.col.stay')}</Table.Th>
                    <Table.Th ta="right">{t('venues.col.today')}</Table.Th>
                    <Table.Th>{t('venues.col.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((v) => (
                    <Table.Tr key={v.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>{v.name}</Text>
                        {v.address && <Text size="xs" c="dimmed">{v.address}</Text>}
                        {!v.active && <Badge size="xs" color="gray" variant="outline">{t('venues.inactive')}</Badge>}
                      </Table.Td>
                      <Table.Td>{kindLabel(v.kind, lang)}</Table.Td>
                      <Table.Td>{v.communeName ?? communes.nameOf(v.communeCode)}</Table.Td>
                      <Table.Td className="pd-nowrap">{formatStay(v.effectiveStayMinutes, lang)}</Table.Td>
                      <Table.Td ta="right">{num(v.checkinsToday)}</Table.Td>
                      <Table.Td>
                        <Group gap={4} wrap="nowrap">
                          <Anchor href={posterHref(v.id, 'pdf')} target="_blank" rel="noopener" size="sm" aria-label={`${t('venues.posterPdf')}: ${v.name}`} title={t('venues.posterOf', { name: v.name })}>PDF</Anchor>
                          <Text size="sm" c="dimmed" aria-hidden>·</Text>
                          <Anchor href={posterHref(v.id, 'svg')} target="_blank" rel="noopener" size="sm" aria-label={`${t('venues.posterSvg')}: ${v.name}`}>SVG</Anchor>
                          <CopyButton value={v.checkinUrl}>
                            {({ copied, copy }) => (
                              <Button size="compact-xs" variant="subtle" onClick={copy} aria-label={`${t('venues.copyLink')}: ${v.name}`}>{copied ? t('venues.copied') : 'URL'}</Button>
                            )}
                          </CopyButton>
                          {canWrite && <Button size="compact-xs" variant="light" onClick={() => { setSaved(null); setEditing(v); }} aria-label={`${t('venues.edit')}: ${v.name}`}>{t('venues.edit')}</Button>}
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" mt="xs">
              <Text size="sm">{t('venues.count', { n: num(list.data.total) })}</Text>
              {list.data.total > PAGE && <Pagination size="sm" total={Math.ceil(list.data.total / PAGE)} value={page} onChange={setPage} />}
            </Group>
          </>
        )}
      </Card>
      {catchup.data && catchup.data.pending > 0 && <Text size="xs" c="dimmed">{t('venues.catchup', { n: num(catchup.data.pending) })}</Text>}

      <VenueFormModal
        venue={editing}
        opened={creating || editing !== null}
        onClose={() => { setCreating(false); setEditing(null); }}
        onSaved={(v) => { setCreating(false); setEditing(null); setSaved(v.name); }}
      />
    </Stack>
  );
}
