// Data retention: the epidemic period (declared / declared over), the retention period of each kind of data,
// and the purge of what has expired, with its report.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Card, Group, Modal, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { PurgeReport, RetentionPolicy, RetentionState } from '../../../contracts/audit.ts';
import { api } from '../../api.ts';
import { useI18n } from '../../i18n.ts';
import { PageHeader } from '../../components/Page.tsx';
import { ErrorAlert, errorText, Loading, Notice } from '../../components/Status.tsx';

type State = z.infer<typeof RetentionState>;
type Policy = z.infer<typeof RetentionPolicy>;
type Report = z.infer<typeof PurgeReport>;
const KEY = ['retention'] as const;

/** '' → null, '30' → 30, anything else → undefined (invalid). */
function parseDays(s: string): number | null | undefined {
  const v = s.trim();
  if (v === '') return null;
  if (!/^\d{1,5}$/.test(v)) return undefined;
  const n = Number(v);
  return n <= 36_500 ? n : undefined;
}

export function RetentionPage(): ReactNode {
  const { t, lang, num, dateTime } = useI18n();
  const qc = useQueryClient();
  const [confirmPurge, setConfirmPurge] = useState(false);

  // ---- data
  const state = useQuery({ queryKey: KEY, queryFn: () => api.get<State>('/api/retention') });
  const purge = useMutation({
    mutationFn: () => api.post<Report>('/api/retention/purge'),
    onSuccess: () => setConfirmPurge(false),
  });
  const labelOf = (kind: string) => {
    const p = state.data?.policies.find((x) => x.kind === kind);
    return p ? (lang === 'vi' ? p.labelVi : p.labelEn) : kind;
  };
  const purged = purge.data ? Object.entries(purge.data.purged) : [];

  // ---- layout
  if (state.isPending) return <Loading />;
  if (state.isError) return <ErrorAlert error={state.error} onRetry={() => void state.refetch()} />;

  return (
    <Stack gap="md" maw={1000}>
      <PageHeader title={t('retention.title')} />
      <Text size="sm">{t('retention.intro')}</Text>

      <EpidemicCard epidemic={state.data.epidemic} onSaved={() => void qc.invalidateQueries({ queryKey: KEY })} />

      <Card withBorder>
        <Title order={2} size="h4" mb="sm">{t('retention.policies')}</Title>
        <Text size="sm" c="dimmed" mb="xs">{t('retention.noLimit')}</Text>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing={6} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('retention.kind')}</Table.Th>
                <Table.Th>{t('retention.daysAfterEnd')}</Table.Th>
                <Table.Th>{t('retention.maxAgeDays')}</Table.Th>
                <Table.Th>{t('retention.legalBasis')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {state.data.policies.map((p) => (
                <PolicyRow key={p.kind} policy={p} label={labelOf(p.kind)} onSaved={() => void qc.invalidateQueries({ queryKey: KEY })} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>

      <Card withBorder>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('retention.purge')}</Title>
          <ErrorAlert error={purge.error} />
          <Button color="red" w="fit-content" onClick={() => setConfirmPurge(true)}>{t('retention.purge')}</Button>
          {purge.data && (
            <Notice color="blue" kind="status" title={t('retention.purgeReport', { time: dateTime(purge.data.ranAt) })}>
              {purged.length === 0 || purged.every(([, n]) => n === 0) ? (
                <Text size="sm">{t('retention.purgedNone')}</Text>
              ) : (
                <Table fz="sm" verticalSpacing={2}>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('retention.kind')}</Table.Th>
                      <Table.Th ta="right">{t('retention.purgedCount')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {purged.map(([kind, n]) => (
                      <Table.Tr key={kind}>
                        <Table.Td>{labelOf(kind)}</Table.Td>
                        <Table.Td ta="right">{num(n)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              )}
            </Notice>
          )}
        </Stack>
      </Card>

      <Modal opened={confirmPurge} onClose={() => setConfirmPurge(false)} title={t('retention.purge')} centered>
        <Stack>
          <Text size="sm">{t('retention.purgeConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirmPurge(false)}>{t('common.cancel')}</Button>
            <Button color="red" loading={purge.isPending} onClick={() => purge.mutate()}>{t('retention.purge')}</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function EpidemicCard(props: { epidemic: State['epidemic']; onSaved: () => void }): ReactNode {
  const { t } = useI18n();
  const [declaredOn, setDeclaredOn] = useState(props.epidemic.declaredOn ?? '');
  const [endedOn, setEndedOn] = useState(props.epidemic.endedOn ?? '');
  useEffect(() => {
    setDeclaredOn(props.epidemic.declaredOn ?? '');
    setEndedOn(props.epidemic.endedOn ?? '');
  }, [props.epidemic.declaredOn, props.epidemic.endedOn]);
  const save = useMutation({
    mutationFn: () => api.put<unknown>('/api/retention/epidemic', { declaredOn: declaredOn || null, endedOn: endedOn || null }),
    onSuccess: props.onSaved,
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <Card withBorder component="form" onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <Title order={2} size="h4">{t('retention.epidemic')}</Title>
        <ErrorAlert error={save.error} />
        {save.isSuccess && <Text size="sm" role="status" c="green.9">✓ {t('common.saved')}</Text>}
        <Group align="flex-start" gap="md">
          <TextInput type="date" label={t('retention.declaredOn')} value={declaredOn} onChange={(e) => setDeclaredOn(e.currentTarget.value)} />
          <TextInput
            type="date"
            label={t('retention.endedOn')}
            description={t('retention.ongoing')}
            value={endedOn}
            onChange={(e) => setEndedOn(e.currentTarget.value)}
            min={declaredOn || undefined}
          />
        </Group>
        <Button type="submit" w="fit-content" loading={save.isPending}>{t('common.save')}</Button>
      </Stack>
    </Card>
  );
}

function PolicyRow(props: { policy: Policy; label: string; onSaved: () => void }): ReactNode {
  const i18n = useI18n();
  const { t } = i18n;
  const p = props.policy;
  const [after, setAfter] = useState(p.daysAfterEnd === null ? '' : String(p.daysAfterEnd));
  const [maxAge, setMaxAge] = useState(p.maxAgeDays === null ? '' : String(p.maxAgeDays));
  const [invalid, setInvalid] = useState(false);
  const save = useMutation({
    mutationFn: (body: { daysAfterEnd: number | null; maxAgeDays: number | null }) =>
      api.put<unknown>(`/api/retention/policies/${encodeURIComponent(p.kind)}`, body),
    onSuccess: props.onSaved,
  });
  const onSave = () => {
    const a = parseDays(after);
    const m = parseDays(maxAge);
    setInvalid(a === undefined || m === undefined);
    if (a !== undefined && m !== undefined) save.mutate({ daysAfterEnd: a, maxAgeDays: m });
  };
  const error = invalid ? t('retention.daysInvalid') : null;
  return (
    <Table.Tr>
      <Table.Td>{props.label}</Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`${t('retention.daysAfterEnd')} — ${props.label}`}
          value={after}
          onChange={(e) => setAfter(e.currentTarget.value)}
          inputMode="numeric"
          w={110}
          size="xs"
          error={error && parseDays(after) === undefined ? error : null}
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          aria-label={`${t('retention.maxAgeDays')} — ${props.label}`}
          value={maxAge}
          onChange={(e) => setMaxAge(e.currentTarget.value)}
          inputMode="numeric"
          w={110}
          size="xs"
          error={error && parseDays(maxAge) === undefined ? error : null}
        />
      </Table.Td>
      <Table.Td>
        <Text size="xs">{p.legalBasis}</Text>
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap">
          <Button size="xs" variant="light" loading={save.isPending} onClick={onSave} aria-label={`${t('common.save')}: ${props.label}`}>
            {t('common.save')}
          </Button>
          {save.isSuccess && <Text size="xs" c="green.9" role="status">✓ {t('common.saved')}</Text>}
          {save.isError && (
            <Text size="xs" c="red.8" role="alert">
              ⚠ {errorText(save.error, i18n)}
            </Text>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}
