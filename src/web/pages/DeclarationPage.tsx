// One declaration for an officer (/intake/declarations/:id): who declared (and the registry record it was
// linked to, and how), what they declared, and what screening found: each flag with the rule version, its
// legal reference, the reason written into the commune's work items.
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Anchor, Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { DeclarationDetail, DeclarationForm } from '../../contracts/intake.declarations.ts';
import { api, buildQuery } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { formatDate, formatDateTimeMinutes } from '../lib/format.ts';
import { usePurpose } from '../lib/purpose.ts';
import { useCommunes } from '../lib/reference.ts';
import { FactList } from '../components/FactList.tsx';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading } from '../components/Status.tsx';
import { usePlaces } from './PublicLayout.tsx';

type Detail = z.infer<typeof DeclarationDetail>;

export function DeclarationPage(): ReactNode {
  const { id } = useParams();
  const { t } = useI18n();
  const purpose = usePurpose();
  const q = useQuery({
    queryKey: ['intake', 'declaration', id, purpose],
    queryFn: ({ signal }) => api.get<Detail>(`/api/intake/declarations/${encodeURIComponent(id ?? '')}${buildQuery({ purpose })}`, { signal }),
  });
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  return <DeclarationView d={q.data} title={t('decl.detail.title', { receipt: q.data.receipt })} />;
}

function DeclarationView({ d, title }: { d: Detail; title: string }): ReactNode {
  const { t } = useI18n();
  const communes = useCommunes();
  const places = usePlaces(d.declaredOn);
  const province = (code: string | null | undefined) => places.data?.provinces.find((p) => p.code === code)?.name ?? code ?? '';
  const form = d.form as unknown as DeclarationForm;
  const words = (prefix: string, xs: readonly string[]) => (xs.length ? xs.map((x) => t(`${prefix}.${x}` as MessageKey)).join(', ') : t('decl.detail.none'));
  return (
    <Stack gap="md">
      <PageHeader title={title}>
        <Anchor component={Link} to="/intake/declarations" size="sm">{t('common.back')}</Anchor>
      </PageHeader>
      <Card withBorder>
        <FactList facts={[
          [t('decl.col.submittedAt'), formatDateTimeMinutes(d.submittedAt)],
          [t('decl.col.kind'), t(`decl.kind.${d.kind}`)],
          [t('decl.col.channel'), d.enteredBy ? t('decl.detail.enteredBy', { user: d.enteredBy }) : t(`decl.channel.${d.channel}`)],
          [t('decl.detail.person'), <><Anchor component={Link} to={`/people/${d.personId}`}>{form.fullName}</Anchor> ({t(`decl.detail.match.${d.personMatch}`)})</>],
          [t('decl.birthYear'), String(form.birthYear)],
          [t('decl.sex'), t(`decl.sex.${form.sex}`)],
          [t('decl.idNumber'), form.idNumber ? `${form.idNumber} (${t(`decl.idType.${form.idType ?? 'cccd'}`)})` : t('decl.detail.none')],
          [t('decl.phone'), form.phone],
          [t('decl.col.commune'), `${form.address}, ${communes.nameOf(d.communeCode)}`],
        ]} />
      </Card>
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">{t('decl.detail.travel')}</Title>
          {form.travel.length === 0 && !form.domestic && !form.entry ? <Text size="sm">{t('decl.detail.none')}</Text> : (
            <List size="sm" spacing={4}>
              {form.travel.map((l, i) => (
                <List.Item key={i}>{l.countryCode === 'VN' ? province(l.provinceCode) : l.countryCode}{l.place ? ` · ${l.place}` : ''}: {formatDate(l.from)} – {formatDate(l.to)}</List.Item>
              ))}
              {form.domestic && (
                <List.Item>
                  {t(`decl.vehicle.${form.domestic.vehicle}`)} {form.domestic.plate ?? ''} {form.domestic.seat ? `(${t('decl.seat')} ${form.domestic.seat})` : ''}: {province(form.domestic.fromProvinceCode)} → {province(form.domestic.toProvinceCode)}, {formatDate(form.domestic.departOn)} – {formatDate(form.domestic.arriveOn)}
                </List.Item>
              )}
              {form.entry && (
                <List.Item>
                  {t('decl.section.entry')}: {form.entry.fromCountry}, {formatDate(form.entry.entryOn)}, {form.entry.borderGate ?? ''} {form.entry.viaOfficialGate ? '' : `· ${t('decl.flagName.illegal_entry')}`}
                </List.Item>
              )}
            </List>
          )}
        </Card>
        <Card withBorder>
          <Title order={2} size="h4" mb="xs">{t('decl.detail.health')}</Title>
          <FactList facts={[
            [t('decl.detail.symptoms'), words('decl.symptom', form.symptoms)],
            [t('decl.detail.exposures'), words('decl.exposure', form.exposures)],
            [t('decl.detail.conditions'), words('decl.condition', form.conditions)],
          ]} />
        </Card>
      </SimpleGrid>
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">{t('decl.detail.screening')}</Title>
        {d.screening.length === 0 ? <Text size="sm">{t('decl.detail.noFlags')}</Text> : (
          <Stack gap="sm">
            {d.screening.map((f) => (
              <div key={f.id}>
                <Group gap="xs">
                  <Badge color="orange" variant="light" tt="none">{t(`decl.flagName.${f.flag}`)}</Badge>
                  <Text size="xs" c="dimmed">{f.ruleKey} ({f.ruleVersion})</Text>
                </Group>
                <Text size="sm" mt={4}>{f.reason}</Text>
                <Text size="xs" c="dimmed">
                  {t('decl.detail.workItems', { n: f.workItemIds.length })} · <Anchor component={Link} to={`/tracing/work?commune=${f.communeCode}`} size="xs">{t('nav.tracing')}</Anchor>
                </Text>
              </div>
            ))}
          </Stack>
        )}
      </Card>
    </Stack>
  );
}
