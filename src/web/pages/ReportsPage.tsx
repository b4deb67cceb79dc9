// The triage queue of citizens' reports (/intake/reports): oldest first by status, within the officer's area
// (where it happened or assigned to one of their communes). An officer opens one, assigns it to an agency or a
// commune, moves it along to closed with the outcome; hotline calls are recorded here too.
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Anchor, Badge, Button, Card, Grid, Group, NativeSelect, Pagination, SegmentedControl, Stack, Table, Text, Textarea, Timeline, Title,
} from '@mantine/core';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import { REPORT_STATUSES, type ReportDetail, type ReportList, type ReportStatus } from '../../contracts/intake.declarations.ts';
import { api, buildQuery } from '../api.ts';
import { useCan } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { formatDate, formatDateTimeMinutes } from '../lib/format.ts';
import { usePurpose } from '../lib/purpose.ts';
import { useAgencies, useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';
import { ReportForm } from './PublicReportPage.tsx';

const PAGE = 50;
const statusColor: Record<ReportStatus, string> = { new: 'red', assigned: 'orange', in_progress: 'blue', closed: 'gray' };

export function ReportsPage(): ReactNode {
  const { t, num } = useI18n();
  const canWrite = useCan('tracing.write');
  const communes = useCommunes();
  const purpose = usePurpose();
  const qc = useQueryClient();
  const [status, setStatus] = useState<ReportStatus>('new');
  const [page, setPage] = useState(1);
  const [openId, setOpenId] = useState<number | null>(null);
  const [recording, setRecording] = useState(false);
  const list = useQuery({
    queryKey: ['intake', 'reports', status, page, purpose],
    queryFn: ({ signal }) => api.get<z.infer<typeof ReportList>>(`/api/intake/reports${buildQuery({ status, page, pageSize: PAGE, purpose })}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['intake', 'reports'] });

  return (
    <Stack gap="md">
      <PageHeader title={t('report.title')}>
        {canWrite && <Button variant="light" onClick={() => setRecording((r) => !r)} aria-expanded={recording}>{t('report.hotline.new')}</Button>}
      </PageHeader>
      {recording && (
        <Card withBorder maw={640}>
          <ReportForm url="/api/intake/reports" channel="hotline" communes={communes.options.map((o) => ({ code: o.value, name: o.label }))}
            onDone={() => { setRecording(false); refresh(); }} />
        </Card>
      )}
      <SegmentedControl
        w="fit-content"
        value={status}
        onChange={(v) => { setStatus(v as ReportStatus); setPage(1); }}
        data={REPORT_STATUSES.map((s) => ({ value: s, label: `${t(`report.status.${s}`)}${list.data?.counts[s] !== undefined ? ` (${num(list.data.counts[s]!)})` : ''}` }))}
      />
      <Grid>
        <Grid.Col span={{ base: 12, lg: openId ? 7 : 12 }}>
          <Card withBorder>
            {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
              <Text size="sm">{t('report.none')}</Text>
            ) : (
              <>
                <Table.ScrollContainer minWidth={760}>
                  <Table striped highlightOnHover verticalSpacing={6} fz="sm">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('report.col.receipt')}</Table.Th>
                        <Table.Th>{t('report.col.createdAt')}</Table.Th>
                        <Table.Th>{t('report.col.kind')}</Table.Th>
                        <Table.Th>{t('report.col.commune')}</Table.Th>
                        <Table.Th>{t('report.col.description')}</Table.Th>
                        <Table.Th>{t('report.col.assigned')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {list.data.items.map((r) => (
                        <Table.Tr key={r.id} bg={openId === r.id ? 'blue.0' : undefined}>
                          <Table.Td><Anchor component="button" type="button" onClick={() => setOpenId(r.id)}>{r.receipt}</Anchor></Table.Td>
                          <Table.Td className="pd-nowrap">{formatDateTimeMinutes(r.createdAt)}</Table.Td>
                          <Table.Td>{t(`report.kind.${r.kind}`)}</Table.Td>
                          <Table.Td>{communes.nameOf(r.communeCode)}</Table.Td>
                          <Table.Td><Text size="sm" lineClamp={2}>{r.description}</Text></Table.Td>
                          <Table.Td>{r.assignedAgencyName ?? (r.assignedCommuneCode ? communes.nameOf(r.assignedCommuneCode) : <Text size="sm" c="dimmed">{t('report.unassigned')}</Text>)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <Group justify="space-between" mt="xs">
                  <Text size="sm">{t('report.count', { n: num(list.data.total) })}</Text>
                  {list.data.total > PAGE && <Pagination size="sm" total={Math.ceil(list.data.total / PAGE)} value={page} onChange={setPage} />}
                </Group>
              </>
            )}
          </Card>
        </Grid.Col>
        {openId && (
          <Grid.Col span={{ base: 12, lg: 5 }}>
            <ReportPanel id={openId} canWrite={canWrite} onChanged={refresh} onClose={() => setOpenId(null)} />
          </Grid.Col>
        )}
      </Grid>
    </Stack>
  );
}

function ReportPanel(props: { id: number; canWrite: boolean; onChanged: () => void; onClose: () => void }): ReactNode {
  const { t } = useI18n();
  const purpose = usePurpose();
  const communes = useCommunes();
  const agencies = useAgencies();
  const qc = useQueryClient();
  const key = ['intake', 'report', props.id, purpose];
  const q = useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api.get<ReportDetail>(`/api/intake/reports/${props.id}${buildQuery({ purpose })}`, { signal }),
  });
  const [draft, setDraft] = useState<{ agency: string; commune: string; status: string; note: string; resolution: string } | null>(null);
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.patch<ReportDetail>(`/api/intake/reports/${props.id}`, body),
    onSuccess: (r) => {
      qc.setQueryData(key, r);
      setDraft(null);
      props.onChanged();
    },
  });
  if (q.isPending) return <Card withBorder><Loading /></Card>;
  if (q.isError) return <Card withBorder><ErrorAlert error={q.error} onRetry={() => void q.refetch()} /></Card>;
  const r = q.data;
  const d = draft ?? { agency: r.assignedAgencyId ? String(r.assignedAgencyId) : '', commune: r.assignedCommuneCode ?? '', status: r.status, note: '', resolution: r.resolution ?? '' };
  const setD = (patch: Partial<typeof d>) => setDraft({ ...d, ...patch });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      version: r.version,
      // Unchanged, the status is left to the server: assigning a new report makes it 'assigned'.
      status: d.status !== r.status ? d.status : undefined,
      assignedAgencyId: d.agency ? Number(d.agency) : null,
      assignedCommuneCode: d.commune || null,
      note: d.note || null,
      resolution: d.resolution || null,
    });
  };
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">{t('report.detail', { receipt: r.receipt })}</Title>
        <Button size="xs" variant="subtle" onClick={props.onClose}>{t('common.close')}</Button>
      </Group>
      <Group gap="xs" mb="xs">
        <Badge color={statusColor[r.status]} variant="light" tt="none">{t(`report.status.${r.status}`)}</Badge>
        <Badge variant="outline" color="gray" tt="none">{t(`report.kind.${r.kind}`)}</Badge>
        <Text size="xs" c="dimmed">{t(`report.channel.${r.channel}`)}</Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.description}</Text>
      <Text size="xs" c="dimmed" mt={4}>
        {communes.nameOf(r.communeCode)}{r.place ? ` · ${r.place}` : ''}{r.happenedOn ? ` · ${formatDate(r.happenedOn)}` : ''}
      </Text>
      {r.subject && <Text size="sm" mt={4}>{t('report.subject')}: {r.subject}</Text>}
      <Text size="sm" mt={4}>{t('report.reporter')}: {r.reporterName || r.reporterPhone ? [r.reporterName, r.reporterPhone].filter(Boolean).join(' · ') : t('report.anonymous')}</Text>

      {props.canWrite && r.status !== 'closed' && (
        <Stack component="form" onSubmit={onSubmit} gap="xs" mt="md">
          <NativeSelect label={t('report.assignAgency')} value={d.agency} onChange={(e) => setD({ agency: e.currentTarget.value })}
            data={[{ value: '', label: '—' }, ...(agencies.data?.items ?? []).filter((a) => !a.communeCode).map((a) => ({ value: String(a.id), label: a.shortName }))]} />
          <NativeSelect label={t('report.assignCommune')} value={d.commune} onChange={(e) => setD({ commune: e.currentTarget.value })}
            data={[{ value: '', label: '—' }, ...communes.options]} />
          <NativeSelect label={t('report.setStatus')} value={d.status} onChange={(e) => setD({ status: e.currentTarget.value })}
            data={REPORT_STATUSES.map((s) => ({ value: s, label: t(`report.status.${s}`) }))} />
          <Textarea label={t('report.note')} autosize minRows={1} maxLength={2000} value={d.note} onChange={(e) => setD({ note: e.currentTarget.value })} />
          <Textarea label={t('report.resolution')} autosize minRows={1} maxLength={2000} value={d.resolution} onChange={(e) => setD({ resolution: e.currentTarget.value })} />
          {save.isError && <ErrorAlert error={save.error} />}
          <Button type="submit" loading={save.isPending} w="fit-content">{t('report.save')}</Button>
        </Stack>
      )}
      {r.status === 'closed' && r.resolution && <Text size="sm" mt="sm">{t('report.resolution')}: {r.resolution}</Text>}

      <Title order={3} size="h5" mt="md" mb="xs">{t('report.history')}</Title>
      <Timeline bulletSize={12} lineWidth={2}>
        {r.events.map((e, i) => (
          <Timeline.Item key={i} title={<Text size="sm">{t(`report.status.${e.status as ReportStatus}`)}</Text>}>
            <Text size="xs" c="dimmed">{formatDateTimeMinutes(e.at)}{e.actor ? ` · ${e.actor}` : ''}</Text>
            {e.note && <Text size="xs">{e.note}</Text>}
          </Timeline.Item>
        ))}
      </Timeline>
    </Card>
  );
}
