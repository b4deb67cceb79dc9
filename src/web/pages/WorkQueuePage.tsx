// The work queue of tracing teams and communes: F1/F2 the engine found and an officer has not confirmed yet
// (confirm after the interview, or open the case to reject the link), and the work items the rules in force
// ordered for the commune (quarantine with its test dates, home isolation, self-monitoring), moved along by status.
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Button, Card, Group, Pagination, SegmentedControl, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { ClassificationList } from '../../contracts/tracing.ts';
import type { WorkList } from '../../contracts/work.ts';
import { api, buildQuery } from '../api.ts';
import { useCan, useUser } from '../auth.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { formatDate, formatDateTimeMinutes } from '../lib/format.ts';
import { usePurpose } from '../lib/purpose.ts';
import { selectLabelProps, useCommunes } from '../lib/reference.ts';
import { levelLabel } from '../lib/tracing.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';

type Work = z.infer<typeof WorkList>;
type Classifications = z.infer<typeof ClassificationList>;
const PAGE = 50;

export function WorkQueuePage(): ReactNode {
  const { t, num } = useI18n();
  const me = useUser();
  const communes = useCommunes();
  const purpose = usePurpose();
  const canWrite = useCan('tracing.write');
  const qc = useQueryClient();
  const [commune, setCommune] = useState<string | null>(me.areaScope === 'communes' && me.areaCommunes.length === 1 ? me.areaCommunes[0]! : null);
  const [status, setStatus] = useState<'open' | 'in_progress' | 'done' | 'cancelled'>('open');
  const [workPage, setWorkPage] = useState(1);
  const [confirmPage, setConfirmPage] = useState(1);

  const work = useQuery({
    queryKey: ['work', commune, status, workPage, purpose],
    queryFn: ({ signal }) => api.get<Work>(`/api/work-items${buildQuery({ commune: commune ?? undefined, status, page: workPage, pageSize: PAGE, purpose })}`, { signal }),
  });
  const toConfirm = useQuery({
    queryKey: ['tracing', 'toConfirm', commune, confirmPage, purpose],
    queryFn: ({ signal }) => api.get<Classifications>(`/api/tracing/classifications${buildQuery({ status: 'auto', commune: commune ?? undefined, page: confirmPage, pageSize: PAGE, purpose })}`, { signal }),
  });
  const move = useMutation({
    mutationFn: ({ id, to }: { id: number; to: 'in_progress' | 'done' | 'cancelled' }) => api.patch(`/api/work-items/${id}`, { status: to }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['work'] }),
  });
  const confirm = useMutation({
    mutationFn: (personId: number) => api.post(`/api/tracing/people/${personId}/classification/confirm`, {}),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['tracing'] }),
  });
  const only = me.areaScope === 'communes' ? me.areaCommunes : undefined;

  return (
    <Stack gap="md">
      <PageHeader title={t('work.title')} />
      <Group align="flex-end">
        <Select
          {...selectLabelProps('work-commune')}
          label={t('person.commune')}
          data={communes.optionsFor(commune ? [commune] : [], only)}
          value={commune}
          onChange={(v) => { setCommune(v); setWorkPage(1); setConfirmPage(1); }}
          clearable={me.areaScope === 'province'}
          searchable
          placeholder={t('work.allCommunes')}
          w={280}
        />
      </Group>

      <Card withBorder>
        <Title order={2} size="h4" mb="xs">{t('work.toConfirm')}</Title>
        <Text size="sm" c="dimmed" mb="sm">{t('work.toConfirmHint')}</Text>
        {toConfirm.isPending ? <Loading /> : toConfirm.isError ? <ErrorAlert error={toConfirm.error} onRetry={() => void toConfirm.refetch()} /> : toConfirm.data.items.length === 0 ? (
          <Text size="sm">{t('work.nothing')}</Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={720}>
              <Table striped verticalSpacing={6} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('tracing.case.level')}</Table.Th>
                    <Table.Th>{t('tracing.fullName')}</Table.Th>
                    <Table.Th>{t('person.commune')}</Table.Th>
                    <Table.Th>{t('tracing.code')}</Table.Th>
                    <Table.Th>{t('tracing.case.exposedAt')}</Table.Th>
                    {canWrite && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {toConfirm.data.items.map((c) => (
                    <Table.Tr key={c.id}>
                      <Table.Td><Badge color={c.level === 1 ? 'orange' : 'yellow'} variant="light">{levelLabel(c.level)}</Badge></Table.Td>
                      <Table.Td><Anchor component={Link} to={`/people/${c.personId}`}>{c.personName}</Anchor></Table.Td>
                      <Table.Td>{communes.nameOf(c.communeCode)}</Table.Td>
                      <Table.Td><Anchor component={Link} to={`/tracing/cases/${c.caseId}`}>{c.caseCode}</Anchor></Table.Td>
                      <Table.Td className="pd-nowrap">{formatDateTimeMinutes(c.exposedAt)}</Table.Td>
                      {canWrite && (
                        <Table.Td>
                          <Button size="xs" variant="light" loading={confirm.isPending && confirm.variables === c.personId} onClick={() => confirm.mutate(c.personId)}>
                            {t('work.confirm')}
                          </Button>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ListFooter total={toConfirm.data.total} page={confirmPage} onPage={setConfirmPage} />
          </>
        )}
      </Card>

      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Title order={2} size="h4">{t('work.items')}</Title>
          <SegmentedControl
            size="xs"
            value={status}
            onChange={(v) => { setStatus(v as typeof status); setWorkPage(1); }}
            data={(['open', 'in_progress', 'done', 'cancelled'] as const).map((s) => ({
              value: s, label: `${t(`work.status.${s}` as MessageKey)}${work.data?.counts[s] !== undefined ? ` (${num(work.data.counts[s]!)})` : ''}`,
            }))}
          />
        </Group>
        {work.isPending ? <Loading /> : work.isError ? <ErrorAlert error={work.error} onRetry={() => void work.refetch()} /> : work.data.items.length === 0 ? (
          <Text size="sm">{t('work.nothing')}</Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped verticalSpacing={6} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('work.kind')}</Table.Th>
                    <Table.Th>{t('tracing.fullName')}</Table.Th>
                    <Table.Th>{t('person.commune')}</Table.Th>
                    <Table.Th>{t('work.period')}</Table.Th>
                    <Table.Th>{t('work.tests')}</Table.Th>
                    <Table.Th>{t('work.reason')}</Table.Th>
                    {canWrite && <Table.Th />}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {work.data.items.map((w) => {
                    const tests = Array.isArray(w.plan.testDates) ? (w.plan.testDates as string[]) : [];
                    return (
                      <Table.Tr key={w.id}>
                        <Table.Td>{t(`work.kind.${w.kind}` as MessageKey)}</Table.Td>
                        <Table.Td><Anchor component={Link} to={`/people/${w.personId}`}>{w.personName}</Anchor></Table.Td>
                        <Table.Td>{communes.nameOf(w.communeCode)}</Table.Td>
                        <Table.Td className="pd-nowrap">{formatDate(w.dueFrom)}{w.dueTo ? ` – ${formatDate(w.dueTo)}` : ''}</Table.Td>
                        <Table.Td>{tests.map((d) => formatDate(d)).join(', ')}</Table.Td>
                        <Table.Td>{w.reason}</Table.Td>
                        {canWrite && (
                          <Table.Td>
                            <Group gap={4} wrap="nowrap">
                              {w.status === 'open' && <Button size="xs" variant="light" onClick={() => move.mutate({ id: w.id, to: 'in_progress' })}>{t('work.start')}</Button>}
                              {(w.status === 'open' || w.status === 'in_progress') && (
                                <>
                                  <Button size="xs" variant="light" color="green" onClick={() => move.mutate({ id: w.id, to: 'done' })}>{t('work.done')}</Button>
                                  <Button size="xs" variant="subtle" color="gray" onClick={() => move.mutate({ id: w.id, to: 'cancelled' })}>{t('work.cancel')}</Button>
                                </>
                              )}
                            </Group>
                          </Table.Td>
                        )}
                      </Table.Tr>
                    );
                  })}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <ListFooter total={work.data.total} page={workPage} onPage={setWorkPage} />
          </>
        )}
        {move.isError && <ErrorAlert error={move.error} />}
      </Card>
    </Stack>
  );
}

function ListFooter({ total, page, onPage }: { total: number; page: number; onPage: (p: number) => void }): ReactNode {
  const { t, num } = useI18n();
  return (
    <Group justify="space-between" mt="xs">
      <Text size="sm">{t('work.count', { n: num(total) })}</Text>
      {total > PAGE && <Pagination size="sm" total={Math.ceil(total / PAGE)} value={page} onChange={onPage} />}
    </Group>
  );
}
