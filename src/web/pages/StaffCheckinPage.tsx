// Visits recorded by officers (/venues/checkin): one at a time for someone without a smartphone (a venue, a
// phone number, the time), and many at once from a CSV file (checked first, line by line, then imported; the
// same file imported twice adds nothing).
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Anchor, Button, Card, FileInput, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CheckinAck, CheckinImportReport, VenueListResult } from '../../contracts/intake.checkins.ts';
import { normalizePhone } from '../../contracts/identity.ts';
import { api, ApiError, buildQuery, fieldErrorsOf } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { formatTimeDay } from '../lib/format.ts';
import { selectLabelProps } from '../lib/reference.ts';
import { csvTemplate, formatPhone, isoToVnLocal, kindLabel, phoneProblem, uuid7, vnLocalToIso } from '../lib/venues.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Notice } from '../components/Status.tsx';

type Ack = z.infer<typeof CheckinAck>;
type Report = z.infer<typeof CheckinImportReport>;

export function StaffCheckinPage(): ReactNode {
  const { t } = useI18n();
  return (
    <Stack gap="md">
      <PageHeader title={t('checkin.staff.title')}>
        <Button component={Link} to="/venues" variant="subtle">{t('venues.nav')}</Button>
      </PageHeader>
      <StaffForm />
      <ImportCard />
    </Stack>
  );
}

function StaffForm(): ReactNode {
  const { t, msg, lang } = useI18n();
  const qc = useQueryClient();
  const [venueQ, setVenueQ] = useState('');
  const [venue, setVenue] = useState<{ id: number; name: string } | null>(null);
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [timeIn, setTimeIn] = useState(() => isoToVnLocal());
  const [timeOut, setTimeOut] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [recent, setRecent] = useState<Array<{ ack: Ack; phone: string }>>([]);
  // One key per visit being typed: a second press after a timeout is the same visit.
  const [key, setKey] = useState(() => uuid7());
  const [debounced] = useDebouncedValue(venueQ.trim(), 300);
  const venues = useQuery({
    queryKey: ['intake', 'venues', 'picker', debounced],
    queryFn: ({ signal }) => api.get<z.infer<typeof VenueListResult>>(`/api/intake/venues${buildQuery({ q: debounced, pageSize: 30 })}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const options = (venues.data?.items ?? []).map((v) => ({ value: String(v.id), label: `${v.name} · ${kindLabel(v.kind, lang)}${v.communeName ? ` · ${v.communeName}` : ''}` }));
  if (venue && !options.some((o) => o.value === String(venue.id))) options.unshift({ value: String(venue.id), label: venue.name });

  const save = useMutation({
    mutationFn: (body: unknown) => api.post<Ack>('/api/intake/checkins', body),
    onSuccess: (ack, body) => {
      setRecent((r) => [{ ack, phone: (body as { phone: string }).phone }, ...r].slice(0, 10));
      setPhone('');
      setName('');
      setTimeOut('');
      setKey(uuid7());
      void qc.invalidateQueries({ queryKey: ['intake', 'venues'] });
      document.getElementById('staff-phone')?.focus();
    },
    onError: (err) => setErrors(err instanceof ApiError && err.status === 400 ? Object.fromEntries(Object.entries(fieldErrorsOf(err)).map(([k, c]) => [k, msg(c)])) : {}),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!venue) next.venueId = t('common.required');
    const p = phoneProblem(phone);
    if (p) next.phone = t(p);
    const tin = vnLocalToIso(timeIn);
    if (!tin) next.timeIn = t('tracing.form.timeInvalid');
    const tout = timeOut ? vnLocalToIso(timeOut) : null;
    if (timeOut && !tout) next.timeOut = t('tracing.form.timeInvalid');
    setErrors(next);
    if (Object.keys(next).length) return;
    save.mutate({ venueId: venue!.id, phone: normalizePhone(phone)!, ...(name.trim() ? { name: name.trim() } : {}), timeIn: tin, ...(tout ? { timeOut: tout } : {}), idempotencyKey: key });
  };

  return (
    <Card withBorder>
      <Text size="sm" mb="sm">{t('checkin.staff.hint')}</Text>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Select {...selectLabelProps('staff-venue')} label={t('checkin.staff.venue')} placeholder={t('checkin.staff.venueSearch')} searchable required
            data={options} value={venue ? String(venue.id) : null} searchValue={venueQ} onSearchChange={setVenueQ} filter={({ options: o }) => o}
            onChange={(v, o) => { setVenue(v ? { id: Number(v), name: o?.label ?? v } : null); setErrors((e) => ({ ...e, venueId: '' })); }}
            error={errors.venueId || undefined} nothingFoundMessage={venues.isFetching ? t('common.loading') : t('venues.none')} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput id="staff-phone" label={t('checkin.phone')} type="tel" inputMode="tel" required value={phone}
              onChange={(e) => { setPhone(e.currentTarget.value); setErrors((x) => ({ ...x, phone: '' })); }} error={errors.phone || undefined} />
            <TextInput label={t('checkin.name')} value={name} onChange={(e) => setName(e.currentTarget.value)} error={errors.name || undefined} maxLength={200} />
            <TextInput label={t('checkin.staff.timeIn')} type="datetime-local" required value={timeIn} onChange={(e) => setTimeIn(e.currentTarget.value)} error={errors.timeIn || undefined} />
            <TextInput label={t('checkin.staff.timeOut')} type="datetime-local" value={timeOut} onChange={(e) => setTimeOut(e.currentTarget.value)} error={errors.timeOut || undefined} />
          </SimpleGrid>
          {save.isError && !Object.values(errors).some(Boolean) && <ErrorAlert error={save.error} />}
          <Group><Button type="submit" loading={save.isPending}>{t('checkin.staff.save')}</Button></Group>
        </Stack>
      </form>
      {recent.length > 0 && (
        <Stack gap={4} mt="md" aria-live="polite">
          <Title order={2} size="h5">{t('checkin.staff.recent')}</Title>
          {recent.map((r) => (
            <Text key={r.ack.checkinId} size="sm">
              {r.ack.duplicate ? `${t('checkin.staff.duplicate')}: ` : '✓ '}
              {t('checkin.staff.saved', { phone: formatPhone(r.phone), venue: r.ack.venueName, time: formatTimeDay(r.ack.timeIn) })}
            </Text>
          ))}
        </Stack>
      )}
    </Card>
  );
}

function ImportCard(): ReactNode {
  const { t, num } = useI18n();
  const qc = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const [csv, setCsv] = useState<string | null>(null);
  const [checked, setChecked] = useState<Report | null>(null);
  const [done, setDone] = useState<Report | null>(null);
  const check = useMutation({
    mutationFn: (text: string) => api.post<Report>('/api/intake/checkins/import', { csv: text, dryRun: true }),
    onSuccess: (r) => { setChecked(r); setDone(null); },
  });
  const run = useMutation({
    mutationFn: (text: string) => api.post<Report>('/api/intake/checkins/import', { csv: text, dryRun: false }),
    onSuccess: (r) => { setDone(r); setChecked(null); void qc.invalidateQueries({ queryKey: ['intake'] }); },
  });
  const pick = async (f: File | null) => {
    setFile(f);
    setChecked(null);
    setDone(null);
    const text = f ? await f.text() : null;
    setCsv(text);
    if (text) check.mutate(text);
  };
  const report = done ?? checked;
  const template = `data:text/csv;charset=utf-8,${encodeURIComponent('\uFEFF' + csvTemplate())}`;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb={4}>{t('checkin.import.title')}</Title>
      <Text size="sm" mb="sm">{t('checkin.import.hint')}</Text>
      <Group align="flex-end" gap="sm">
        <FileInput label={t('checkin.import.file')} accept=".csv,text/csv" value={file} onChange={(f) => void pick(f)} clearable w={320} />
        <Anchor href={template} download="mau-nhap-luot-vao.csv" size="sm" mb={8}>{t('checkin.import.template')}</Anchor>
      </Group>
      {(check.isError || run.isError) && <ErrorAlert error={check.error ?? run.error} />}
      {report && (
        <Stack gap="xs" mt="sm">
          <Text size="sm" fw={500}>{t('checkin.import.summary', { rows: num(report.rows), valid: num(report.valid), errors: num(report.errors.length) })}</Text>
          {done && <Notice color="green" kind="status">{t('checkin.import.result', { inserted: num(done.inserted), duplicates: num(done.duplicates), persons: num(done.personsCreated) })}</Notice>}
          {report.errors.length > 0 && (
            <Table.ScrollContainer minWidth={500}>
              <Table fz="sm" verticalSpacing={4}>
                <Table.Thead>
                  <Table.Tr><Table.Th>{t('checkin.import.col.line')}</Table.Th><Table.Th>{t('checkin.import.col.field')}</Table.Th><Table.Th>{t('checkin.import.col.problem')}</Table.Th></Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {report.errors.slice(0, 50).map((e) => (
                    <Table.Tr key={`${e.line}-${e.field}`}><Table.Td>{e.line}</Table.Td><Table.Td>{e.field}</Table.Td><Table.Td>{e.message}</Table.Td></Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
              {report.errors.length > 50 && <Text size="xs" c="dimmed">{t('checkin.import.more', { n: num(report.errors.length - 50) })}</Text>}
            </Table.ScrollContainer>
          )}
          {checked && checked.valid > 0 && csv && (
            <Group><Button loading={run.isPending} onClick={() => run.mutate(csv)}>{t('checkin.import.run', { n: num(checked.valid) })}</Button></Group>
          )}
        </Stack>
      )}
    </Card>
  );
}
