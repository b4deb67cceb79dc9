// The epidemiological waypoints (mốc dịch tễ) of a case: its own check-ins during the infectious period and the
// places added from the interview. Adding one at a registered venue also traces the people who were there.
import { useState, type ReactNode } from 'react';
import { Button, Card, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { VenueList, WaypointList } from '../../contracts/tracing.ts';
import { api, buildQuery } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { formatDateTimeMinutes } from '../lib/format.ts';
import { localToInstant } from '../lib/tracing.ts';
import { ErrorAlert, Loading } from './Status.tsx';

type Waypoints = z.infer<typeof WaypointList>;
type Venues = z.infer<typeof VenueList>;

export function CaseWaypoints({ caseId, canWrite, purpose }: { caseId: string; canWrite: boolean; purpose: string | undefined }): ReactNode {
  const { t } = useI18n();
  const qc = useQueryClient();
  const key = ['tracing', 'waypoints', caseId, purpose] as const;
  const list = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<Waypoints>(`/api/tracing/cases/${encodeURIComponent(caseId)}/waypoints${buildQuery({ purpose })}`, { signal }),
  });
  const [venueQ, setVenueQ] = useState('');
  const venues = useQuery({
    queryKey: ['tracing', 'venues', venueQ],
    queryFn: ({ signal }) => api.get<Venues>(`/api/tracing/venues${buildQuery({ q: venueQ || undefined })}`, { signal }),
    enabled: canWrite,
  });
  const [venueId, setVenueId] = useState<string | null>(null);
  const [address, setAddress] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);
  const add = useMutation({
    mutationFn: (body: unknown) => api.post<{ id: number }>(`/api/tracing/cases/${encodeURIComponent(caseId)}/waypoints`, body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: ['tracing'] });
      setVenueId(null); setAddress(''); setFrom(''); setTo(''); setNote(''); setError(null);
    },
  });

  const submit = () => {
    const f = localToInstant(from);
    const tt = localToInstant(to);
    if (!venueId && !address.trim()) return setError('tracing.waypoint.needPlace');
    if (!f || !tt || tt < f) return setError('tracing.waypoint.badWindow');
    add.mutate({ venueId: venueId ? Number(venueId) : null, address: address.trim() || null, from: f, to: tt, note: note.trim() || null });
  };

  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">{t('tracing.waypoint.title')}</Title>
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
        <Text size="sm">{t('tracing.waypoint.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table striped verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tracing.window')}</Table.Th>
                <Table.Th>{t('tracing.venue')}</Table.Th>
                <Table.Th>{t('tracing.waypoint.source')}</Table.Th>
                <Table.Th>{t('tracing.waypoint.note')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((w, i) => (
                <Table.Tr key={`${w.source}-${w.id ?? i}`}>
                  <Table.Td className="pd-nowrap">{formatDateTimeMinutes(w.from)} – {formatDateTimeMinutes(w.to)}</Table.Td>
                  <Table.Td>{w.venueName ?? w.address}</Table.Td>
                  <Table.Td>{t(w.source === 'checkin' ? 'tracing.waypoint.fromCheckin' : 'tracing.waypoint.fromInterview')}</Table.Td>
                  <Table.Td>{w.note ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canWrite && (
        <Stack gap="xs" mt="md">
          <Text fw={600} size="sm">{t('tracing.waypoint.add')}</Text>
          <Group grow align="flex-start" wrap="wrap">
            <Select
              label={t('tracing.venue')}
              searchable
              clearable
              value={venueId}
              onChange={setVenueId}
              searchValue={venueQ}
              onSearchChange={setVenueQ}
              data={(venues.data?.items ?? []).map((v) => ({ value: String(v.id), label: v.name }))}
              nothingFoundMessage={t('common.none')}
            />
            <TextInput label={t('tracing.waypoint.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} maxLength={500} />
          </Group>
          <Group grow align="flex-start" wrap="wrap">
            <TextInput type="datetime-local" label={t('tracing.waypoint.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} required />
            <TextInput type="datetime-local" label={t('tracing.waypoint.to')} value={to} onChange={(e) => setTo(e.currentTarget.value)} required />
          </Group>
          <TextInput label={t('tracing.waypoint.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={2000} />
          {error && <Text c="red" size="sm" role="alert">{t(error)}</Text>}
          {add.isError && <ErrorAlert error={add.error} />}
          <Group><Button onClick={submit} loading={add.isPending}>{t('tracing.waypoint.save')}</Button></Group>
        </Stack>
      )}
    </Card>
  );
}
