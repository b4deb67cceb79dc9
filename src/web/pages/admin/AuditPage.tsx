// Access log (who read or changed what, when, for which purpose, allowed or denied). Filters are kept in the URL
// so a link such as /admin/audit?entity=person&entityId=12 opens the log of one record.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { AuditEntry } from '../../../contracts/audit.ts';
import { PURPOSES } from '../../../contracts/people.ts';
import { api, buildQuery } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { PageHeader } from '../../components/Page.tsx';
import { ErrorAlert, Loading } from '../../components/Status.tsx';

type Entry = z.infer<typeof AuditEntry>;
const PAGE_SIZE = 50;
const FILTERS = ['actor', 'action', 'entity', 'entityId', 'outcome', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function filtersFrom(params: URLSearchParams): Filters {
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Filters;
  if (f.outcome !== 'ok' && f.outcome !== 'denied') f.outcome = '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.from)) f.from = '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.to)) f.to = '';
  return f;
}

export function AuditPage(): ReactNode {
  const { t, dateTime, num } = useI18n();
  const [params, setParams] = useSearchParams();
  const applied = filtersFrom(params);
  const [form, setForm] = useState<Filters>(applied);
  const paramsKey = params.toString();
  useEffect(() => setForm(filtersFrom(new URLSearchParams(paramsKey))), [paramsKey]);

  // ---- data
  const query = useInfiniteQuery({
    queryKey: ['audit', applied],
    queryFn: ({ pageParam, signal }) =>
      api.get<{ items: Entry[]; hasMore: boolean }>(`/api/audit${buildQuery({ ...applied, page: pageParam, pageSize: PAGE_SIZE })}`, {
        signal,
      }),
    initialPageParam: 1,
    getNextPageParam: (last, all) => (last.hasMore ? all.length + 1 : undefined),
    staleTime: 0,
  });
  const entries = query.data?.pages.flatMap((p) => p.items) ?? [];

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const k of FILTERS) if (form[k].trim()) next.set(k, form[k].trim());
    setParams(next);
  };
  const set = (k: keyof Filters) => (e: { currentTarget: { value: string } }) => {
    const value = e.currentTarget.value;
    setForm((f) => ({ ...f, [k]: value }));
  };
  const purposeLabel = (p: string | null) =>
    p === null ? t('common.none') : (PURPOSES as readonly string[]).includes(p) ? t(`purpose.${p as (typeof PURPOSES)[number]}`) : p;

  // ---- layout
  return (
    <Stack gap="sm">
      <PageHeader title={t('audit.title')} />

      <Card withBorder component="form" onSubmit={onSubmit} noValidate>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm" verticalSpacing="xs">
          <TextInput label={t('audit.actor')} value={form.actor} onChange={set('actor')} autoComplete="off" />
          <TextInput label={t('audit.action')} value={form.action} onChange={set('action')} placeholder="person.read" />
          <TextInput label={t('audit.entity')} value={form.entity} onChange={set('entity')} placeholder="person" />
          <TextInput label={t('audit.entityId')} value={form.entityId} onChange={set('entityId')} />
          <NativeSelect
            label={t('audit.outcome')}
            value={form.outcome}
            onChange={set('outcome')}
            data={[
              { value: '', label: t('common.all') },
              { value: 'ok', label: t('audit.ok') },
              { value: 'denied', label: t('audit.denied') },
            ]}
          />
          <TextInput type="date" label={t('audit.from')} value={form.from} onChange={set('from')} />
          <TextInput type="date" label={t('audit.to')} value={form.to} onChange={set('to')} />
          <Group align="flex-end" gap="xs">
            <Button type="submit">{t('audit.filter')}</Button>
            <Button
              variant="subtle"
              onClick={() => {
                setForm(filtersFrom(new URLSearchParams()));
                setParams(new URLSearchParams());
              }}
            >
              {t('common.clearFilters')}
            </Button>
          </Group>
        </SimpleGrid>
      </Card>

      <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      {query.isPending ? (
        <Loading />
      ) : entries.length === 0 ? (
        <Text py="md">{t('audit.empty')}</Text>
      ) : (
        <>
          <Text size="sm" c="dimmed" role="status">
            {t('audit.shown', { n: num(entries.length) })}
          </Text>
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing={4} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('audit.time')}</Table.Th>
                  <Table.Th>{t('audit.actor')}</Table.Th>
                  <Table.Th>{t('audit.action')}</Table.Th>
                  <Table.Th>{t('audit.object')}</Table.Th>
                  <Table.Th>{t('audit.purpose')}</Table.Th>
                  <Table.Th>{t('audit.outcome')}</Table.Th>
                  <Table.Th ta="right">{t('audit.records')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {entries.map((e) => (
                  <Table.Tr key={e.id}>
                    <Table.Td className="pd-nowrap">{dateTime(e.at)}</Table.Td>
                    <Table.Td>{e.actorUsername ?? t('common.none')}</Table.Td>
                    <Table.Td>
                      <code>{e.action}</code>
                    </Table.Td>
                    <Table.Td>
                      {e.entity}
                      {e.entityId ? ` #${e.entityId}` : ''}
                    </Table.Td>
                    <Table.Td>{purposeLabel(e.purpose)}</Table.Td>
                    <Table.Td>
                      <Badge color={e.outcome === 'ok' ? 'green' : 'red'} variant="light" tt="none">
                        {e.outcome === 'ok' ? `✓ ${t('audit.ok')}` : `✕ ${t('audit.denied')}`}
                      </Badge>
                    </Table.Td>
                    <Table.Td ta="right">{num(e.recordCount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {query.hasNextPage ? (
            <Button variant="light" w="fit-content" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('audit.more')}
            </Button>
          ) : (
            <Text size="sm" c="dimmed">
              {t('audit.end')}
            </Text>
          )}
        </>
      )}
    </Stack>
  );
}
