// The checkpoints of the officer's area (/checkpoints): open one to record crossings; add one (tracing.write).
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { CHECKPOINT_KINDS, type CheckpointKind, type CheckpointView } from '../../contracts/intake.checkpoints.ts';
import { api } from '../api.ts';
import { useCan } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { translateCheckpoints, type CheckpointsT } from '../i18n.checkpoints.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';

export function CheckpointsPage(): ReactNode {
  const { lang } = useI18n();
  const t: CheckpointsT = useCallback((k, p) => translateCheckpoints(lang, k, p), [lang]);
  const list = useQuery({ queryKey: ['checkpoints'], queryFn: () => api.get<{ items: CheckpointView[] }>('/api/checkpoints') });
  const canWrite = useCan('tracing.write');
  return (
    <Stack gap="md">
      <PageHeader title={t('checkpoints.title')} />
      {list.isPending ? <Loading /> : list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : list.data.items.length === 0 ? (
        <Text c="dimmed">{t('checkpoints.none')}</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr><Table.Th>{t('checkpoints.name')}</Table.Th><Table.Th>{t('checkpoints.kind')}</Table.Th><Table.Th>{t('checkpoints.commune')}</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td><Anchor component={Link} to={`/checkpoints/${c.id}`} aria-label={t('checkpoints.open', { name: c.name })}>{c.name}</Anchor></Table.Td>
                <Table.Td>{t(`checkpoints.kind.${c.kind}`)}</Table.Td>
                <Table.Td>{c.communeCode}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite && <NewCheckpoint t={t} />}
    </Stack>
  );
}

function NewCheckpoint(props: { t: CheckpointsT }): ReactNode {
  const { t } = props;
  const qc = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<CheckpointKind>('provincial_gate');
  const [commune, setCommune] = useState('');
  const [address, setAddress] = useState('');
  const create = useMutation({
    mutationFn: () => api.post<CheckpointView>('/api/checkpoints', { name, kind, communeCode: commune.trim(), address: address.trim() || null }),
    onSuccess: () => { setName(''); setAddress(''); void qc.invalidateQueries({ queryKey: ['checkpoints'] }); },
  });
  const submit = (e: FormEvent) => { e.preventDefault(); create.mutate(); };
  return (
    <Card withBorder component="form" onSubmit={submit}>
      <Text fw={600} mb="sm">{t('checkpoints.new')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label={t('checkpoints.name')} required value={name} onChange={(e) => setName(e.currentTarget.value)} />
        <Select label={t('checkpoints.kind')} value={kind} allowDeselect={false} onChange={(x) => x && setKind(x as CheckpointKind)} data={CHECKPOINT_KINDS.map((k) => ({ value: k, label: t(`checkpoints.kind.${k}`) }))} />
        <TextInput label={t('checkpoints.commune')} required inputMode="numeric" value={commune} onChange={(e) => setCommune(e.currentTarget.value)} />
        <TextInput label={t('checkpoints.address')} value={address} onChange={(e) => setAddress(e.currentTarget.value)} />
      </SimpleGrid>
      {create.isError && <ErrorAlert error={create.error} />}
      <Group mt="sm"><Button type="submit" loading={create.isPending}>{t('checkpoints.create')}</Button></Group>
    </Card>
  );
}
