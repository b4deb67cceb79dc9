// Health declarations for officers (/intake/declarations): within the officer's area, filtered by commune,
// kind, screening result and days; each row opens the declaration. Names are personal data: the list is
// read for the declared purpose and audited by the server. Staff can declare for a citizen (khai hộ).
import type { ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Anchor, Badge, Button, Card, Group, NativeSelect, Pagination, Stack, Table, Text, TextInput } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DeclarationList } from '../../contracts/intake.declarations.ts';
import { api, buildQuery } from '../api.ts';
import { useCan, useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { formatDateTimeMinutes } from '../lib/format.ts';
import { usePurpose } from '../lib/purpose.ts';
import { useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';

const PAGE = 50;
const FILTERS = ['commune', 'kind', 'outcome', 'from', 'to'] as const;

export function DeclarationsPage(): ReactNode {
  const { t, num } = useI18n();
  const me = useUser();
  const canWrite = useCan('person.write');
  const communes = useCommunes();
  const purpose = usePurpose();
  const [params, setParams] = useSearchParams();
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? ''])) as Record<(typeof FILTERS)[number], string>;
  const page = Math.max(1, Math.trunc(Number(params.get('page'))) || 1);
  const update = (changes: Partial<Record<(typeof FILTERS)[number] | 'page', string>>) =>
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) if (v) next.set(k, v); else next.delete(k);
      if (!('page' in changes)) next.delete('page');
      return next;
    }, { replace: true });

  const list = useQuery({
    queryKey: ['intake', 'declarations', f, page, purpose],
    queryFn: ({ signal }) => api.get<z.infer<typeof DeclarationList>>(`/api/intake/declarations${buildQuery({ ...f, page, pageSize: PAGE, purpose })}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const only = me.areaScope === 'communes' ? me.areaCommunes : undefined;

  return (
    <Stack gap="md">
      <PageHeader title={t('decl.list.title')}>
        {canWrite && <Button component={Link} to="/intake/declarations/new" variant="light">{t('decl.list.staffEntry')}</Button>}
      </PageHeader>
      <Group align="flex-end" gap="sm">
        <NativeSelect label={t('decl.col.commune')} value={f.commune} onChange={(e) => update({ commune: e.currentTarget.value })} w={240}
          data={[{ value: '', label: t('decl.filter.allCommunes') }, ...communes.optionsFor(f.commune ? [f.commune] : [], only)]} />
        <NativeSelect label={t('decl.col.kind')} value={f.kind} onChange={(e) => update({ kind: e.currentTarget.value })}
          data={[{ value: '', label: t('decl.filter.anyKind') }, ...(['everyone', 'domestic', 'entry'] as const).map((k) => ({ value: k, label: t(`decl.kind.${k}`) }))]} />
        <NativeSelect label={t('decl.col.outcome')} value={f.outcome} onChange={(e) => update({ outcome: e.currentTarget.value })}
          data={[{ value: '', label: t('decl.filter.anyOutcome') }, { value: 'flagged', label: t('decl.outcome.flaggedShort') }, { value: 'clear', label: t('decl.outcome.clearShort') }]} />
        <TextInput type="date" label={t('decl.filter.from')} value={f.from} onChange={(e) => update({ from: e.currentTarget.value })} />
        <TextInput type="date" label={t('decl.filter.to')} value={f.to} onChange={(e) => update({ to: e.currentTarget.value })} />
        {FILTERS.some((k) => f[k]) && <Button variant="subtle" onClick={() => setParams({}, { replace: true })}>{t('common.clearFilters')}</Button>}
      </Group>
      <Card withBorder>
        {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
          <Text size="sm">{t('decl.list.none')}</Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={860}>
              <Table striped verticalSpacing={6} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('decl.col.receipt')}</Table.Th>
                    <Table.Th>{t('decl.col.submittedAt')}</Table.Th>
                    <Table.Th>{t('decl.col.name')}</Table.Th>
                    <Table.Th>{t('decl.col.kind')}</Table.Th>
                    <Table.Th>{t('decl.col.commune')}</Table.Th>
                    <Table.Th>{t('decl.col.outcome')}</Table.Th>
                    <Table.Th>{t('decl.col.channel')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((d) => (
                    <Table.Tr key={d.id}>
                      <Table.Td><Anchor component={Link} to={`/intake/declarations/${d.id}`}>{d.receipt}</Anchor></Table.Td>
                      <Table.Td className="pd-nowrap">{formatDateTimeMinutes(d.submittedAt)}</Table.Td>
                      <Table.Td><Anchor component={Link} to={`/people/${d.personId}`}>{d.fullName}</Anchor></Table.Td>
                      <Table.Td>{t(`decl.kind.${d.kind}`)}</Table.Td>
                      <Table.Td>{communes.nameOf(d.communeCode)}</Table.Td>
                      <Table.Td>
                        {d.outcome === 'clear' ? <Text size="sm" c="dimmed">{t('decl.outcome.clearShort')}</Text> : (
                          <Group gap={4}>{d.flags.map((fl) => <Badge key={fl} color="orange" variant="light" tt="none">{t(`decl.flagName.${fl}`)}</Badge>)}</Group>
                        )}
                      </Table.Td>
                      <Table.Td>{t(`decl.channel.${d.channel}`)}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" mt="xs">
              <Text size="sm">{t('decl.list.count', { n: num(list.data.total) })}</Text>
              {list.data.total > PAGE && <Pagination size="sm" total={Math.ceil(list.data.total / PAGE)} value={page} onChange={(p) => update({ page: String(p) })} />}
            </Group>
          </>
        )}
      </Card>
    </Stack>
  );
}
