// One case (F0): its facts, the F1/F2 people the tracer classified, each with the reason in words (built from
// the provenance chain) and, for F2, the chain itself. An officer may say a link is "not a contact"; the server
// then leaves it out of every later trace and traces the case again.
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Button, Card, Group, Modal, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Written } from '../../contracts/tracing.ts';
import { api, buildQuery } from '../api.ts';
import { useCan } from '../auth.ts';
import { useI18n } from '../i18n.ts';
import { formatDateTimeMinutes } from '../lib/format.ts';
import { usePurpose } from '../lib/purpose.ts';
import { useCommunes } from '../lib/reference.ts';
import { chainText, classificationReason, levelLabel, namesOf, type CaseDetailT, type Classification } from '../lib/tracing.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';
import { FactList } from '../components/FactList.tsx';
import { CaseWaypoints } from '../components/CaseWaypoints.tsx';
import { tracingKeys } from './TracingPage.tsx';

type WrittenT = z.infer<typeof Written>;

export function CasePage(): ReactNode {
  const { id = '' } = useParams();
  const { t, num, date } = useI18n();
  const qc = useQueryClient();
  const canWrite = useCan('tracing.write');
  const communes = useCommunes();
  const purpose = usePurpose();
  const [rejecting, setRejecting] = useState<Classification | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const valid = /^\d+$/.test(id);

  const query = useQuery({
    queryKey: tracingKeys.case(id, purpose),
    queryFn: ({ signal }) =>
      api.get<CaseDetailT>(`/api/tracing/cases/${encodeURIComponent(id)}${buildQuery({ purpose })}`, { signal }),
    enabled: valid,
  });
  const reject = useMutation({
    mutationFn: (body: { sourcePersonId: number; targetPersonId: number; reason: string }) =>
      api.post<WrittenT>('/api/tracing/rejections', body),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: tracingKeys.all });
      setRejecting(null);
      setDone(true);
    },
  });

  if (!valid) return <ErrorAlert error="tracing.case_not_found" />;
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  const nameOf = namesOf(c);
  const none = t('common.none');
  const tm = (v: string | null | undefined) => formatDateTimeMinutes(v) || none;
  const rows = [...c.classifications].sort((a, b) => a.level - b.level || a.exposedAt.localeCompare(b.exposedAt));

  const facts: [string, ReactNode][] = [
    [
      t('tracing.case.person'),
      <Anchor component={Link} to={`/people/${c.personId}`} key="p">
        {c.personName ?? `#${c.personId}`}
      </Anchor>,
    ],
    [t('person.commune'), c.communeCode ? communes.nameOf(c.communeCode) : none],
    [t('tracing.status'), t(`caseStatus.${c.status}`)],
    [t('tracing.confirmedAt'), tm(c.confirmedAt)],
    [t('tracing.case.infectious'), `${tm(c.infectiousFrom)} – ${tm(c.infectiousTo)}`],
    [t('tracing.case.onsetDate'), c.onsetDate ? date(c.onsetDate) : none],
    [t('tracing.case.sampledAt'), tm(c.sampledAt)],
    [t('tracing.case.treatmentPlace'), c.treatmentPlace ?? none],
    [t('tracing.case.counts'), `F1: ${num(c.f1)} · F2: ${num(c.f2)}`],
  ];

  const openReject = (row: Classification) => {
    reject.reset();
    setReason('');
    setReasonError(null);
    setDone(false);
    setRejecting(row);
  };
  const submitReject = () => {
    if (!rejecting) return;
    const r = reason.trim();
    if (!r) {
      setReasonError(t('common.required'));
      return;
    }
    reject.mutate({ sourcePersonId: rejecting.viaPersonId, targetPersonId: rejecting.personId, reason: r });
  };

  return (
    <Stack gap="md">
      <PageHeader title={t('tracing.case.title', { code: c.code })}>
        {canWrite && <Button component={Link} to={`/tracing/cases/${c.id}/contacts`}>{t('linelist.open')}</Button>}
      </PageHeader>

      {done && (
        <Notice color="green" kind="status" onClose={() => setDone(false)}>
          ✓ {t('tracing.reject.done')}
        </Notice>
      )}

      <Card withBorder>
        <FactList facts={facts} />
      </Card>

      <CaseWaypoints caseId={id} canWrite={canWrite} purpose={purpose} />

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">
          {t('tracing.case.contacts')}
        </Title>
        {c.hiddenOutsideArea > 0 && (
          <Notice color="gray" kind="note" mb="sm">
            <Text size="sm">{t('tracing.case.hidden', { n: num(c.hiddenOutsideArea) })}</Text>
          </Notice>
        )}
        {rows.length === 0 ? (
          <Text size="sm">{t('tracing.case.noContacts')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={canWrite ? 980 : 860}>
            <Table striped verticalSpacing={6} fz="sm">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tracing.case.level')}</Table.Th>
                  <Table.Th>{t('tracing.fullName')}</Table.Th>
                  <Table.Th>{t('person.commune')}</Table.Th>
                  <Table.Th>{t('tracing.case.exposedAt')}</Table.Th>
                  <Table.Th>{t('tracing.case.reason')}</Table.Th>
                  {canWrite && <Table.Th aria-label={t('tracing.reject')} />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.personId}>
                    <Table.Td fw={700}>{levelLabel(r.level)}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/people/${r.personId}`}>
                        {r.personName ?? `#${r.personId}`}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{r.communeCode ? communes.nameOf(r.communeCode) : none}</Table.Td>
                    <Table.Td className="pd-nowrap">{tm(r.exposedAt)}</Table.Td>
                    <Table.Td>
                      {classificationReason(r, t, nameOf)}
                      {r.level >= 2 && (
                        <Text size="xs" c="dimmed" mt={2}>
                          {t('tracing.case.chain')}: {chainText(r, c.personId, nameOf)}
                        </Text>
                      )}
                    </Table.Td>
                    {canWrite && (
                      <Table.Td>
                        <Button size="compact-xs" variant="light" color="orange" onClick={() => openReject(r)} className="pd-nowrap">
                          {t('tracing.reject')}
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <Modal opened={rejecting !== null} onClose={() => setRejecting(null)} title={t('tracing.reject.title')} centered>
        {rejecting && (
          <Stack>
            <Text size="sm">
              {t('tracing.reject.text', { target: nameOf(rejecting.personId), source: nameOf(rejecting.viaPersonId) })}
            </Text>
            <Textarea
              label={t('tracing.reject.reason')}
              value={reason}
              onChange={(e) => {
                setReason(e.currentTarget.value);
                setReasonError(null);
              }}
              required
              autosize
              minRows={2}
              maxLength={1000}
              error={reasonError}
              data-autofocus
            />
            <ErrorAlert error={reject.error} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setRejecting(null)}>
                {t('common.cancel')}
              </Button>
              <Button color="orange" loading={reject.isPending} onClick={submitReject}>
                {t('tracing.reject.submit')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
