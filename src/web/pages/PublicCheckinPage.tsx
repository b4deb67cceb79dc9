// The public check-in page (/c/:token, in the public frame) that a venue's QR poster opens: no login, light,
// for a cheap phone. The citizen types their phone once (remembered on the device) and then each visit is one
// tap. The idempotency key of a tap is kept until its answer arrives, so pressing again after a dropped
// connection never records the visit twice. After the answer: when the visit counts until, and a check-out.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useParams } from 'react-router';
import { Anchor, Button, Checkbox, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery } from '@tanstack/react-query';
import type { z } from 'zod';
import type { CheckinAck, CheckoutAck, PublicVenue } from '../../contracts/intake.checkins.ts';
import { normalizePhone } from '../../contracts/identity.ts';
import { api, ApiError, NETWORK_ERROR } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { formatTimeDay } from '../lib/format.ts';
import {
  browserStore, checkinKey, forgetMe, formatPhone, formatStay, isRecentVisit, kindLabel, lastVisit, markCheckedOut, phoneProblem, rememberedMe, rememberMe,
  settleCheckin, type LastVisit,
} from '../lib/venues.ts';
import { usePageTitle } from '../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';

const store = browserStore();
const QUIET = { noAuthRedirect: true } as const;

export function PublicCheckinPage(): ReactNode {
  const { token = '' } = useParams();
  const { t } = useI18n();
  usePageTitle(t('checkin.public.title'));
  const venue = useQuery({
    queryKey: ['public', 'venue', token],
    queryFn: ({ signal }) => api.get<z.infer<typeof PublicVenue>>(`/api/public/venues/${encodeURIComponent(token)}`, { signal, ...QUIET }),
    retry: (n, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && n < 3,
    staleTime: 5 * 60_000,
  });
  // Inside the public frame (PublicLayout: header, language switch, general privacy note).
  return (
    <Stack gap="md">
      <Title order={1} size="h3">{t('checkin.public.title')}</Title>
      {venue.isPending ? <Loading /> : venue.isError ? (
        venue.error instanceof ApiError && venue.error.status === 404
          ? <Notice color="red" title={t('checkin.unknownVenue')} />
          : <ErrorAlert error={venue.error} onRetry={() => void venue.refetch()} />
      ) : <CheckinCard token={token} venue={venue.data} />}
      <Text size="xs" c="dimmed">{t('checkin.privacy')}</Text>
    </Stack>
  );
}

function CheckinCard(props: { token: string; venue: z.infer<typeof PublicVenue> }): ReactNode {
  const { t, lang } = useI18n();
  const [visit, setVisit] = useState<LastVisit | null>(() => { const v = lastVisit(store); return isRecentVisit(v, props.token) ? v : null; });
  const [me, setMe] = useState(() => rememberedMe(store));
  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Text size="sm" c="dimmed">{t('checkin.public.at')}</Text>
        <Title order={2} size="h2" lh={1.25}>{props.venue.name}</Title>
        <Text size="sm">{[kindLabel(props.venue.kind, lang), props.venue.communeName].filter(Boolean).join(' · ')}</Text>
        {props.venue.address && <Text size="sm" c="dimmed">{props.venue.address}</Text>}
      </Paper>
      {visit ? (
        <Done visit={visit} onAgain={() => setVisit(null)} onOut={(at) => { markCheckedOut(store, at); setVisit({ ...visit, checkedOutAt: at }); }} />
      ) : (
        <Tap token={props.token} stayMinutes={props.venue.stayMinutes} me={me} onForget={() => { forgetMe(store); setMe(null); }}
          onDone={(v, who, remember) => {
            if (remember) rememberMe(store, who);
            setMe(remember ? who : null);
            setVisit(v);
          }} />
      )}
    </Stack>
  );
}

function Tap(props: { token: string; stayMinutes: number; me: { phone: string; name: string | null } | null; onForget: () => void; onDone: (v: LastVisit, me: { phone: string; name: string | null }, remember: boolean) => void }): ReactNode {
  const { t, msg, lang } = useI18n();
  const [phone, setPhone] = useState('');
  const [name, setName] = useState('');
  const [remember, setRemember] = useState(true);
  const [problem, setProblem] = useState<string | null>(null);
  const send = useMutation({
    mutationFn: (who: { phone: string; name: string | null }) => {
      const key = checkinKey(store, props.token, who.phone);
      return api.post<z.infer<typeof CheckinAck>>('/api/public/checkins', { venueToken: props.token, phone: who.phone, ...(who.name ? { name: who.name } : {}), idempotencyKey: key }, QUIET)
        .then((ack) => ({ ack, key, who }));
    },
    onSuccess: ({ ack, key, who }) => {
      const v = { token: props.token, key, checkinId: ack.checkinId, venueName: ack.venueName, timeIn: ack.timeIn, expectedOut: ack.expectedOut };
      settleCheckin(store, v);
      props.onDone({ ...v, checkedOutAt: null }, who, remember);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'checkin.invalid_phone') setProblem(msg(err.code));
    },
  });
  // Without a network the browser knows of, the request waits (paused) and goes by itself when the network is
  // back; with one that fails (a dead Wi-Fi), it fails. Either way the citizen is told, and sending again is safe.
  const offline = send.isPaused || (send.error instanceof ApiError && (send.error.code === NETWORK_ERROR || send.error.status >= 500));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (props.me) return send.mutate(props.me);
    const p = phoneProblem(phone);
    if (p) { setProblem(t(p)); document.getElementById('checkin-phone')?.focus(); return; }
    send.mutate({ phone: normalizePhone(phone)!, name: name.trim() || null });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {props.me ? (
          <Group justify="space-between" wrap="nowrap">
            <Text size="md">{t('checkin.as', { phone: formatPhone(props.me.phone) })}</Text>
            <Anchor component="button" type="button" size="sm" onClick={props.onForget}>{t('checkin.change')}</Anchor>
          </Group>
        ) : (
          <>
            <TextInput id="checkin-phone" label={t('checkin.phone')} description={t('checkin.phoneHint')} type="tel" inputMode="tel" autoComplete="tel" size="md" required
              value={phone} onChange={(e) => { setPhone(e.currentTarget.value); setProblem(null); }} error={problem} />
            <TextInput label={t('checkin.name')} autoComplete="name" value={name} onChange={(e) => setName(e.currentTarget.value)} maxLength={200}
              error={send.error instanceof ApiError && send.error.code === 'checkin.invalid_name' ? msg(send.error.code) : undefined} />
            <Checkbox label={t('checkin.remember')} checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} />
          </>
        )}
        <Button type="submit" size="xl" fullWidth loading={send.isPending && !send.isPaused}>
          {offline ? t('checkin.retry') : t('checkin.confirm')}
        </Button>
        <Text size="xs" c="dimmed">{t('checkin.stayHint', { stay: formatStay(props.stayMinutes, lang) })}</Text>
        {offline ? <Notice color="orange">{t('checkin.offline')}</Notice> : send.isError && !(send.error instanceof ApiError && ['checkin.invalid_phone', 'checkin.invalid_name'].includes(send.error.code)) && <ErrorAlert error={send.error} />}
      </Stack>
    </form>
  );
}

function Done(props: { visit: LastVisit; onAgain: () => void; onOut: (at: string) => void }): ReactNode {
  const { t } = useI18n();
  const out = useMutation({
    mutationFn: () => api.post<z.infer<typeof CheckoutAck>>('/api/public/checkins/checkout', { idempotencyKey: props.visit.key }, QUIET),
    onSuccess: (r) => props.onOut(r.timeOut),
  });
  return (
    <Stack gap="sm">
      <Paper withBorder p="md" radius="md" bg="green.0" role="status">
        <Text fw={700} size="xl" c="green.9">✓ {t('checkin.done')}</Text>
        <Text size="md">{t('checkin.doneAt', { venue: props.visit.venueName, time: formatTimeDay(props.visit.timeIn) })}</Text>
        {props.visit.checkedOutAt
          ? <Text size="sm" mt={4}>{t('checkin.checkedOut', { time: formatTimeDay(props.visit.checkedOutAt) })}</Text>
          : <Text size="sm" mt={4}>{t('checkin.until', { time: formatTimeDay(props.visit.expectedOut) })}</Text>}
      </Paper>
      {!props.visit.checkedOutAt && (
        <Button size="lg" variant="outline" fullWidth loading={out.isPending} onClick={() => out.mutate()}>{t('checkin.checkout')}</Button>
      )}
      {out.isError && <ErrorAlert error={out.error} />}
      <Button variant="subtle" onClick={props.onAgain}>{t('checkin.again')}</Button>
    </Stack>
  );
}
