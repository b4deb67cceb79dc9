// Epidemic areas for officers (/intake/areas): every area, ended ones too; declare one (a province or a
// commune of the province by its code on the first day, or a venue with a case) with its window, risk level,
// authority and legal reference; end one. The public page (/vung-dich) shows the same without the notes.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Card, Group, NativeSelect, Radio, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { vnToday, type Area, type AreaList } from '../../contracts/intake.declarations.ts';
import type { VenueList } from '../../contracts/tracing.ts';
import { api, ApiError, buildQuery } from '../api.ts';
import { useCan } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { formatDate } from '../lib/format.ts';
import { riskColor, serverErrors, type FormErrors } from '../lib/declaration.ts';
import { useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';
import { usePlaces } from './PublicLayout.tsx';

const AREAS_KEY = ['intake', 'areas'] as const;

export function EpidemicAreasPage(): ReactNode {
  const { t, num } = useI18n();
  const canWrite = useCan('tracing.write');
  const qc = useQueryClient();
  const areas = useQuery({
    queryKey: AREAS_KEY,
    queryFn: ({ signal }) => api.get<z.infer<typeof AreaList>>('/api/intake/epidemic-areas', { signal }),
    // While earlier declarations are being re-screened, the count grows: ask again every few seconds.
    refetchInterval: (q) => (q.state.data?.items.some((a) => a.rescreen && !a.rescreen.done) ? 3_000 : false),
  });
  const end = useMutation({
    mutationFn: (id: number) => api.post<Area>(`/api/intake/epidemic-areas/${id}/end`, {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: AREAS_KEY }),
  });
  const today = vnToday();
  return (
    <Stack gap="md">
      <PageHeader title={t('area.title')}>
        <Anchor component={Link} to="/vung-dich" size="sm">{t('area.public.link')}</Anchor>
      </PageHeader>
      {canWrite && <AreaForm onCreated={() => void qc.invalidateQueries({ queryKey: AREAS_KEY })} />}
      <Card withBorder>
        {areas.isPending ? <Loading /> : areas.isError ? <ErrorAlert error={areas.error} onRetry={() => void areas.refetch()} /> : areas.data.items.length === 0 ? (
          <Text size="sm">{t('area.none')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table striped verticalSpacing={6} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('area.col.name')}</Table.Th>
                  <Table.Th>{t('area.col.window')}</Table.Th>
                  <Table.Th>{t('area.col.risk')}</Table.Th>
                  <Table.Th>{t('area.col.declaredBy')}</Table.Th>
                  <Table.Th>{t('area.col.legalRef')}</Table.Th>
                  <Table.Th>{t('area.col.rescreen')}</Table.Th>
                  {canWrite && <Table.Th />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {areas.data.items.map((a) => {
                  const over = a.dateTo !== null && a.dateTo < today;
                  return (
                    <Table.Tr key={a.id}>
                      <Table.Td>{a.name}{a.note && <Text size="xs" c="dimmed">{a.note}</Text>}</Table.Td>
                      <Table.Td className="pd-nowrap">{formatDate(a.dateFrom)} – {a.dateTo ? formatDate(a.dateTo) : '…'}</Table.Td>
                      <Table.Td className="pd-nowrap"><Badge color={riskColor(a.riskLevel)} variant="light" tt="none" title={t(`area.risk.${a.riskLevel as 1 | 2 | 3 | 4}`)}>{t(`area.riskShort.${a.riskLevel as 1 | 2 | 3 | 4}`)}</Badge></Table.Td>
                      <Table.Td>{a.declaredBy}</Table.Td>
                      <Table.Td>{a.legalRef}</Table.Td>
                      <Table.Td>
                        {a.rescreen && (
                          <Text size="xs" c={a.rescreen.done ? undefined : 'dimmed'}>
                            {t(a.rescreen.done ? 'area.rescreen.done' : 'area.rescreen.running', { scanned: num(a.rescreen.scanned), flagged: num(a.rescreen.flagged) })}
                          </Text>
                        )}
                      </Table.Td>
                      {canWrite && (
                        <Table.Td>
                          {over ? <Text size="xs" c="dimmed">{t('area.ended')}</Text> : (
                            <Button size="xs" variant="light" color="gray" loading={end.isPending && end.variables === a.id} onClick={() => end.mutate(a.id)}>{t('area.end')}</Button>
                          )}
                        </Table.Td>
                      )}
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {end.isError && <ErrorAlert error={end.error} />}
      </Card>
    </Stack>
  );
}

type AreaValues = {
  kind: 'unit' | 'venue'; unitLevel: 'province' | 'commune'; unitCode: string; venueId: string; dateFrom: string; dateTo: string;
  riskLevel: string; declaredBy: string; legalRef: string; note: string;
};

function AreaForm(props: { onCreated: () => void }): ReactNode {
  const { t, msg } = useI18n();
  const communes = useCommunes();
  const empty: AreaValues = { kind: 'unit', unitLevel: 'province', unitCode: '', venueId: '', dateFrom: vnToday(), dateTo: '', riskLevel: '4', declaredBy: '', legalRef: '', note: '' };
  const [v, setV] = useState<AreaValues>(empty);
  const [errors, setErrors] = useState<FormErrors>({});
  const [venueQuery, setVenueQuery] = useState('');
  const [venueQ] = useDebouncedValue(venueQuery, 300);
  const places = usePlaces(v.dateFrom);
  const venues = useQuery({
    queryKey: ['tracing', 'venues', venueQ],
    queryFn: ({ signal }) => api.get<z.infer<typeof VenueList>>(`/api/tracing/venues${buildQuery({ q: venueQ })}`, { signal }),
    enabled: v.kind === 'venue',
  });
  const create = useMutation({
    mutationFn: () => api.post<Area>('/api/intake/epidemic-areas', {
      kind: v.kind,
      unitLevel: v.kind === 'unit' ? v.unitLevel : null,
      unitCode: v.kind === 'unit' ? v.unitCode || null : null,
      venueId: v.kind === 'venue' && v.venueId ? Number(v.venueId) : null,
      dateFrom: v.dateFrom, dateTo: v.dateTo || null, riskLevel: Number(v.riskLevel), declaredBy: v.declaredBy, legalRef: v.legalRef, note: v.note || null,
    }),
    onSuccess: () => {
      setV(empty);
      setErrors({});
      props.onCreated();
    },
    onError: (e) => {
      if (e instanceof ApiError && e.status === 400) setErrors(serverErrors(e.details));
    },
  });
  const set = (patch: Partial<AreaValues>) => {
    setV((x) => ({ ...x, ...patch }));
    setErrors({});
  };
  const err = (k: string) => (errors[k] ? msg(errors[k]) : null);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const unitOptions = v.unitLevel === 'province'
    ? (places.data?.provinces ?? []).map((p) => ({ value: p.code, label: p.name }))
    : communes.options;
  return (
    <Card withBorder component="form" onSubmit={onSubmit} noValidate>
      <Title order={2} size="h4" mb="sm">{t('area.create')}</Title>
      {create.isSuccess && <Notice color="green" kind="status" title={t('area.created', { name: create.data.name })} mb="sm" />}
      {create.isError && !(create.error instanceof ApiError && create.error.status === 400) && <ErrorAlert error={create.error} />}
      <Stack gap="sm">
        <Radio.Group label={t('area.kind')} value={v.kind} onChange={(k) => set({ kind: k as AreaValues['kind'] })}>
          <Group gap="md" mt={4}>
            <Radio value="unit" label={t('area.kind.unit')} />
            <Radio value="venue" label={t('area.kind.venue')} />
          </Group>
        </Radio.Group>
        <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" verticalSpacing="xs">
          {v.kind === 'unit' ? (
            <>
              <NativeSelect id="area-level" label={t('area.unitLevel')} value={v.unitLevel} onChange={(e) => set({ unitLevel: e.currentTarget.value as AreaValues['unitLevel'], unitCode: '' })}
                data={[{ value: 'province', label: t('area.unitLevel.province') }, { value: 'commune', label: t('area.unitLevel.commune') }]} />
              <NativeSelect id="area-unit" label={t('area.unit')} required value={v.unitCode} onChange={(e) => set({ unitCode: e.currentTarget.value })} error={err('unitCode')}
                data={[{ value: '', label: '—' }, ...unitOptions]} />
            </>
          ) : (
            <>
              <TextInput id="area-venue-search" label={t('area.venueSearch')} value={venueQuery} onChange={(e) => setVenueQuery(e.currentTarget.value)} />
              <NativeSelect id="area-venue" label={t('area.venue')} required value={v.venueId} onChange={(e) => set({ venueId: e.currentTarget.value })} error={err('venueId')}
                data={[{ value: '', label: '—' }, ...(venues.data?.items ?? []).map((x) => ({ value: String(x.id), label: `${x.name} · ${communes.nameOf(x.communeCode)}` }))]} />
            </>
          )}
          <NativeSelect id="area-risk" label={t('area.riskLevel')} value={v.riskLevel} onChange={(e) => set({ riskLevel: e.currentTarget.value })}
            data={[1, 2, 3, 4].map((n) => ({ value: String(n), label: t(`area.risk.${n as 1 | 2 | 3 | 4}`) }))} />
          <TextInput id="area-from" type="date" label={t('area.dateFrom')} required value={v.dateFrom} onChange={(e) => set({ dateFrom: e.currentTarget.value })} error={err('dateFrom')} />
          <TextInput id="area-to" type="date" label={t('area.dateTo')} value={v.dateTo} onChange={(e) => set({ dateTo: e.currentTarget.value })} error={err('dateTo')} />
          <TextInput id="area-by" label={t('area.declaredByLabel')} required maxLength={300} value={v.declaredBy} onChange={(e) => set({ declaredBy: e.currentTarget.value })} error={err('declaredBy')} />
          <TextInput id="area-ref" label={t('area.legalRefLabel')} required maxLength={500} value={v.legalRef} onChange={(e) => set({ legalRef: e.currentTarget.value })} error={err('legalRef')} />
        </SimpleGrid>
        <Textarea id="area-note" label={t('area.note')} maxLength={2000} autosize minRows={1} value={v.note} onChange={(e) => set({ note: e.currentTarget.value })} />
        <Button type="submit" loading={create.isPending} w="fit-content">{t('area.save')}</Button>
      </Stack>
    </Card>
  );
}
