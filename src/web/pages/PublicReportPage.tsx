// The public report form (/phan-anh): illegal entry, a suspected case, a returnee from an epidemic area, a
// breach (no mask, a gathering), other. Anonymous if the citizen wishes; answered with a receipt only.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';
import { REPORT_KINDS, type ReportReceipt } from '../../contracts/intake.declarations.ts';
import { vnToday } from '../../contracts/intake.declarations.ts';
import { api, ApiError } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { emptyReport, newIdempotencyKey, reportBody, serverErrors, validateReport, type FormErrors, type ReportValues } from '../lib/declaration.ts';
import { usePageTitle } from '../components/Page.tsx';
import { ErrorAlert, Notice } from '../components/Status.tsx';
import { usePlaces } from './PublicLayout.tsx';

type Receipt = z.infer<typeof ReportReceipt>;

export function PublicReportPage(): ReactNode {
  const { t } = useI18n();
  usePageTitle(t('report.public.title'));
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">{t('report.public.title')}</Title>
      <Text size="sm">{t('report.public.intro')}</Text>
      <ReportForm url="/api/public/reports" />
    </Stack>
  );
}

/** The report form; staff use it with a channel (hotline) and their own endpoint. */
export function ReportForm(props: { url: string; channel?: 'hotline' | 'staff'; communes?: Array<{ code: string; name: string }>; onDone?: (r: Receipt) => void }): ReactNode {
  const { t, msg } = useI18n();
  const places = usePlaces();
  const [values, setValues] = useState<ReportValues>(emptyReport);
  const [errors, setErrors] = useState<FormErrors>({});
  const [receipt, setReceipt] = useState<Receipt | null>(null);
  const sent = useRef<{ key: string; json: string } | null>(null);
  const send = useMutation({
    mutationFn: (body: Record<string, unknown>) => api.post<Receipt>(props.url, body),
    onSuccess: (r) => {
      sent.current = null;
      if (props.onDone) props.onDone(r);
      else setReceipt(r);
      setValues(emptyReport());
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 400) setErrors(serverErrors(err.details));
    },
  });
  const set = (patch: Partial<ReportValues>) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !(k in patch))));
  };
  const err = (k: string) => (errors[k] ? msg(errors[k]) : null);
  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const r = validateReport(values);
    if (!r.ok) return setErrors(r.errors);
    const body = reportBody(values);
    const json = JSON.stringify(body);
    if (!sent.current || sent.current.json !== json) sent.current = { key: newIdempotencyKey(), json };
    send.mutate({ ...body, idempotencyKey: sent.current.key, ...(props.channel ? { channel: props.channel } : {}) });
  };

  if (receipt) {
    return (
      <Stack gap="sm">
        <Notice color="green" kind="status" title={`✓ ${t('report.sent', { receipt: receipt.receipt })}`}>
          <Text size="sm">{t('report.sentHint')}</Text>
        </Notice>
        <Button variant="light" w="fit-content" onClick={() => { setReceipt(null); send.reset(); }}>{t('report.another')}</Button>
      </Stack>
    );
  }
  const communes = props.communes ?? places.data?.communes ?? [];
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        {send.isError && !(send.error instanceof ApiError && send.error.status === 400) && <ErrorAlert error={send.error} />}
        <NativeSelect id="report-kind" label={t('report.kind')} value={values.kind} onChange={(e) => set({ kind: e.currentTarget.value })}
          data={REPORT_KINDS.map((k) => ({ value: k, label: t(`report.kind.${k}`) }))} />
        <NativeSelect id="report-commune" label={t('report.commune')} required value={values.communeCode} error={err('communeCode')}
          onChange={(e) => set({ communeCode: e.currentTarget.value })}
          data={[{ value: '', label: t('decl.commune.choose') }, ...communes.map((c) => ({ value: c.code, label: c.name }))]} />
        <TextInput id="report-place" label={t('report.place')} maxLength={300} value={values.place} onChange={(e) => set({ place: e.currentTarget.value })} />
        <TextInput id="report-happened" type="date" label={t('report.happenedOn')} max={vnToday()} value={values.happenedOn} error={err('happenedOn')}
          onChange={(e) => set({ happenedOn: e.currentTarget.value })} />
        <Textarea id="report-description" label={t('report.description')} required autosize minRows={3} maxLength={4000} value={values.description}
          error={err('description')} onChange={(e) => set({ description: e.currentTarget.value })} />
        <TextInput id="report-subject" label={t('report.subject')} maxLength={300} value={values.subject} onChange={(e) => set({ subject: e.currentTarget.value })} />
        <TextInput id="report-name" label={t('report.reporterName')} maxLength={200} autoComplete="name" value={values.reporterName} onChange={(e) => set({ reporterName: e.currentTarget.value })} />
        <TextInput id="report-phone" label={t('report.reporterPhone')} type="tel" inputMode="tel" maxLength={30} value={values.reporterPhone}
          error={err('reporterPhone')} onChange={(e) => set({ reporterPhone: e.currentTarget.value })} />
        <Button type="submit" loading={send.isPending} w="fit-content">{t('report.submit')}</Button>
      </Stack>
    </form>
  );
}
