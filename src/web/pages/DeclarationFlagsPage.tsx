// Screening flags for officers (/intake/flags): what the rules found in declarations (and, later, checkpoint
// entries and check-ins) within the officer's area, newest first, each with the rule version that raised it
// and the reason given to the commune's work items.
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Badge, Card, Group, NativeSelect, Pagination, Stack, Table, Text } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import { FLAGS, type FlagList } from '../../contracts/intake.declarations.ts';
import { api, buildQuery } from '../api.ts';
import { useUser } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { formatDate } from '../lib/format.ts';
import { usePurpose } from '../lib/purpose.ts';
import { useCommunes } from '../lib/reference.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';

const PAGE = 50;

export function DeclarationFlagsPage(): ReactNode {
  const { t, num } = useI18n();
  const me = useUser();
  const communes = useCommunes();
  const purpose = usePurpose();
  const [commune, setCommune] = useState(me.areaScope === 'communes' && me.areaCommunes.length === 1 ? me.areaCommunes[0]! : '');
  const [flag, setFlag] = useState('');
  const [page, setPage] = useState(1);
  const list = useQuery({
    queryKey: ['intake', 'flags', commune, flag, page, purpose],
    queryFn: ({ signal }) => api.get<z.infer<typeof FlagList>>(`/api/intake/flags${buildQuery({ commune, flag, page, pageSize: PAGE, purpose })}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const only = me.areaScope === 'communes' ? me.areaCommunes : undefined;
  return (
    <Stack gap="md">
      <PageHeader title={t('decl.flags.title')} />
      <Group align="flex-end" gap="sm">
        <NativeSelect label={t('decl.col.commune')} value={commune} w={240} onChange={(e) => { setCommune(e.currentTarget.value); setPage(1); }}
          data={[...(me.areaScope === 'province' ? [{ value: '', label: t('decl.filter.allCommunes') }] : []), ...communes.optionsFor(commune ? [commune] : [], only)]} />
        <NativeSelect label={t('decl.col.flag')} value={flag} onChange={(e) => { setFlag(e.currentTarget.value); setPage(1); }}
          data={[{ value: '', label: t('decl.flags.anyFlag') }, ...FLAGS.map((f) => ({ value: f, label: t(`decl.flagName.${f}`) }))]} />
      </Group>
      <Card withBorder>
        {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
          <Text size="sm">{t('decl.flags.none')}</Text>
        ) : (
          <>
            <Table.ScrollContainer minWidth={900}>
              <Table striped verticalSpacing={6} fz="sm">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('decl.col.date')}</Table.Th>
                    <Table.Th>{t('decl.col.flag')}</Table.Th>
                    <Table.Th>{t('decl.col.name')}</Table.Th>
                    <Table.Th>{t('decl.col.commune')}</Table.Th>
                    <Table.Th>{t('decl.col.source')}</Table.Th>
                    <Table.Th>{t('decl.col.rule')}</Table.Th>
                    <Table.Th>{t('decl.col.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.data.items.map((f) => (
                    <Table.Tr key={f.id}>
                      <Table.Td className="pd-nowrap">{formatDate(f.reportedOn)}</Table.Td>
                      <Table.Td className="pd-nowrap"><Badge color="orange" variant="light" tt="none">{t(`decl.flagName.${f.flag}`)}</Badge></Table.Td>
                      <Table.Td><Anchor component={Link} to={`/people/${f.personId}`}>{f.personName ?? `#${f.personId}`}</Anchor></Table.Td>
                      <Table.Td>{communes.nameOf(f.communeCode)}</Table.Td>
                      <Table.Td>
                        {f.source === 'declaration' && f.sourceId
                          ? <Anchor component={Link} to={`/intake/declarations/${f.sourceId}`}>{t('decl.source.declaration')} TK{f.sourceId}</Anchor>
                          : t(`decl.source.${f.source}`)}
                      </Table.Td>
                      <Table.Td className="pd-nowrap">{f.ruleKey} ({f.ruleVersion})</Table.Td>
                      <Table.Td>{f.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            <Group justify="space-between" mt="xs">
              <Text size="sm">{t('decl.flags.count', { n: num(list.data.total) })}</Text>
              {list.data.total > PAGE && <Pagination size="sm" total={Math.ceil(list.data.total / PAGE)} value={page} onChange={setPage} />}
            </Group>
          </>
        )}
      </Card>
    </Stack>
  );
}
