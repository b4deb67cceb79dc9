// One person: details, change history, possible duplicates (with merge for users who may merge), and a clear
// notice with a link when the record was merged into another one.
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Button, Card, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { DuplicateCandidate, PersonDetail } from '../../contracts/people.ts';
import { api, buildQuery, isApiError } from '../api.ts';
import { useCan } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { usePurpose, type Purpose } from '../lib/purpose.ts';
import { useCommunes } from '../lib/reference.ts';
import { DuplicateList } from '../components/DuplicateList.tsx';
import { PageHeader } from '../components/Page.tsx';
import { FactList } from '../components/FactList.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';

/** Query key of one person read for a purpose; without the purpose, the prefix of all its reads (invalidation). */
export function personKey(id: string | number, purpose?: Purpose) {
  return purpose === undefined ? (['people', 'detail', String(id)] as const) : (['people', 'detail', String(id), purpose] as const);
}

/** GET /api/people/:id, audited with the declared purpose. */
export function fetchPerson(id: string, purpose: Purpose, signal?: AbortSignal): Promise<PersonDetail> {
  return api.get<PersonDetail>(`/api/people/${encodeURIComponent(id)}${buildQuery({ purpose })}`, { signal });
}

/** The survivor id when the server refuses a merged record with 'person.merged' and says where it went. */
function survivorOf(err: unknown): number | null {
  if (!isApiError(err, 'person.merged') || !err.details || typeof err.details !== 'object') return null;
  const d = err.details as { mergedInto?: unknown; survivorId?: unknown };
  const id = d.mergedInto ?? d.survivorId;
  return typeof id === 'number' ? id : null;
}

export function PersonPage(): ReactNode {
  const { id = '' } = useParams();
  const { t, msg, date, dateTime } = useI18n();
  const qc = useQueryClient();
  const canWrite = useCan('person.write');
  const canMerge = useCan('person.merge');
  const canAudit = useCan('audit.read');
  const communes = useCommunes();
  const purpose = usePurpose();
  const [confirm, setConfirm] = useState<DuplicateCandidate | null>(null);
  const [mergedId, setMergedId] = useState<number | null>(null);

  // ---- data (the declared purpose is part of the key: a new purpose is a new, audited read)
  const query = useQuery({
    queryKey: personKey(id, purpose),
    queryFn: ({ signal }) => fetchPerson(id, purpose, signal),
    enabled: /^\d+$/.test(id),
  });
  const merge = useMutation({
    mutationFn: (v: { duplicateId: number; version: number }) =>
      api.post<PersonDetail>(`/api/people/${encodeURIComponent(id)}/merge`, v),
    onSuccess: (person, v) => {
      qc.setQueryData(personKey(id, purpose), person);
      void qc.invalidateQueries({ queryKey: ['people', 'list'] });
      void qc.invalidateQueries({ queryKey: personKey(v.duplicateId) });
      setMergedId(v.duplicateId);
      setConfirm(null);
    },
    onError: (err) => {
      if (isApiError(err, 'person.version_conflict')) void qc.invalidateQueries({ queryKey: personKey(id) });
    },
  });

  if (!/^\d+$/.test(id)) return <ErrorAlert error="person.not_found" />;
  if (query.isPending) return <Loading />;
  if (query.isError) {
    const survivor = survivorOf(query.error);
    return (
      <ErrorAlert error={query.error} onRetry={survivor ? undefined : () => void query.refetch()}>
        {survivor && (
          <Anchor component={Link} to={`/people/${survivor}`}>
            {t('person.openSurvivor', { id: survivor })}
          </Anchor>
        )}
      </ErrorAlert>
    );
  }
  const p = query.data;
  const merged = p.mergedInto !== null;
  const none = t('common.none');

  const facts: [string, ReactNode][] = [
    [t('person.birthDate'), p.birthDate ? date(p.birthDate) : none],
    [t('person.birthYear'), p.birthYear ?? none],
    [t('person.sex'), p.sex ? t(`sex.${p.sex}`) : none],
    [t('person.idType'), p.idType ? t(`idType.${p.idType}`) : none],
    [t('person.idNumber'), p.idNumber ?? none],
    [t('person.phone'), p.phone ?? none],
    [t('person.address'), p.address ?? none],
    [t('person.commune'), p.communeName ?? communes.nameOf(p.communeCode)],
    [t('person.nationality'), p.nationality],
    [t('person.createdAt'), dateTime(p.createdAt)],
    [t('person.updatedAt'), dateTime(p.updatedAt)],
  ];

  // ---- layout
  return (
    <Stack gap="md">
      <PageHeader title={p.fullName}>
        {canWrite && !merged && (
          <Button component={Link} to={`/people/${p.id}/edit`}>
            {t('person.edit')}
          </Button>
        )}
      </PageHeader>

      {merged && (
        <Notice color="orange" kind="status" title={msg('person.merged')}>
          <Text size="sm">{t('person.mergedNotice')}</Text>
          <Anchor component={Link} to={`/people/${p.mergedInto}`} fw={600}>
            → {t('person.openSurvivor', { id: p.mergedInto ?? '' })}
          </Anchor>
        </Notice>
      )}
      {mergedId !== null && (
        <Notice color="green" kind="status" onClose={() => setMergedId(null)}>
          ✓ {t('person.mergeDone', { id: mergedId })}
        </Notice>
      )}

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('person.details')}
        </Title>
        <FactList facts={facts} />
        {canAudit && (
          <Anchor component={Link} to={`/admin/audit?entity=person&entityId=${p.id}`} size="sm" mt="sm" display="block">
            {t('person.auditLink')}
          </Anchor>
        )}
      </Card>

      {!merged && (
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {t('person.duplicates')}
          </Title>
          {p.duplicates.length === 0 ? (
            <Text size="sm">{t('person.noDuplicates')}</Text>
          ) : (
            <DuplicateList
              items={p.duplicates}
              nameOf={communes.nameOf}
              action={
                canMerge
                  ? (c) => (
                      <Button size="xs" variant="light" onClick={() => setConfirm(c)}>
                        {t('person.merge')}
                      </Button>
                    )
                  : undefined
              }
            />
          )}
        </Card>
      )}

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('person.history')}
        </Title>
        {p.history.length === 0 ? (
          <Text size="sm">{t('person.noHistory')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={520}>
            <Table verticalSpacing={4} fz="sm" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('person.version')}</Table.Th>
                  <Table.Th>{t('person.change')}</Table.Th>
                  <Table.Th>{t('person.changedAt')}</Table.Th>
                  <Table.Th>{t('person.changedBy')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...p.history]
                  .sort((a, b) => b.version - a.version)
                  .map((h) => (
                    <Table.Tr key={`${h.version}-${h.change}-${h.changedAt}`}>
                      <Table.Td>{h.version}</Table.Td>
                      <Table.Td>
                        {t(`change.${h.change}`)}
                        {h.otherPersonId !== null && (
                          <>
                            {' · '}
                            <Anchor component={Link} to={`/people/${h.otherPersonId}`}>
                              {t('common.recordNo', { id: h.otherPersonId })}
                            </Anchor>
                          </>
                        )}
                      </Table.Td>
                      <Table.Td className="pd-nowrap">{dateTime(h.changedAt)}</Table.Td>
                      <Table.Td>{h.changedBy ?? none}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <Modal opened={confirm !== null} onClose={() => setConfirm(null)} title={t('person.mergeTitle')} centered>
        {confirm && (
          <Stack>
            <Text size="sm">
              {t('person.mergeConfirm', { dup: confirm.fullName, dupId: confirm.id, name: p.fullName, id: p.id })}
            </Text>
            <ErrorAlert error={merge.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirm(null)}>
                {t('common.cancel')}
              </Button>
              <Button
                color="orange"
                loading={merge.isPending}
                onClick={() => merge.mutate({ duplicateId: confirm.id, version: p.version })}
              >
                {t('person.merge')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
