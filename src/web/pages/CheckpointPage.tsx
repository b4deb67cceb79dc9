// One checkpoint (/checkpoints/:id): a fast form for people and vehicles crossing, made for a phone at the gate,
// that keeps working without network. Enter saves. Each entry gets its UUID when recorded and goes into the
// offline queue (IndexedDB) first; the queue sends it when there is network and forgets it only once the server
// acknowledged it (src/web/lib/offlineQueue.ts). The service worker (public/sw.js) keeps the app shell so that a
// reload offline opens this page again.
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { Badge, Button, Card, Group, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  CHECKPOINT_DECISIONS, CheckpointEntryInput, parseChipQr, type CheckpointDecision, type CheckpointEntryResult, type CheckpointEntryView, type CheckpointView,
} from '../../contracts/intake.checkpoints.ts';
import { api } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { translateCheckpoints, type CheckpointsT } from '../i18n.checkpoints.ts';
import { idbStore, queued, startSync, type QueuedEntry, type Syncer } from '../lib/offlineQueue.ts';
import { PageHeader } from '../components/Page.tsx';
import { Notice } from '../components/Status.tsx';

const cpKey = (id: number) => `phongdich.checkpoint.${id}`;

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => { window.removeEventListener('online', on); window.removeEventListener('offline', off); };
  }, []);
  return online;
}

/** The checkpoint, from the server when online, else as last seen on this device. */
function useCheckpoint(id: number) {
  return useQuery({
    queryKey: ['checkpoint', id],
    queryFn: async () => {
      try {
        const cp = await api.get<CheckpointView>(`/api/checkpoints/${id}`);
        try { localStorage.setItem(cpKey(id), JSON.stringify(cp)); } catch { /* private mode */ }
        return cp;
      } catch (err) {
        const kept = localStorage.getItem(cpKey(id));
        if (kept) return JSON.parse(kept) as CheckpointView;
        throw err;
      }
    },
    retry: false,
  });
}

type Row = { clientId: string; recordedAt: string; who: string; route: string; temperature: number | null; decision: CheckpointDecision; status: 'pending' | 'sent' | 'rejected'; code: string | null };

const whoOf = (e: { fullName?: string | null; idNumber?: string | null; phone?: string | null; plate?: string | null }) =>
  [e.fullName, e.idNumber, e.phone, e.plate].filter(Boolean).join(' · ');
const routeOf = (e: { origin?: string | null; destination?: string | null }) => (e.origin || e.destination ? `${e.origin ?? '…'} → ${e.destination ?? '…'}` : '');

const EMPTY = { idNumber: '', phone: '', fullName: '', plate: '', origin: '', destination: '', temperature: '' };

export function CheckpointPage(): ReactNode {
  const { lang, msg, dateTime } = useI18n();
  const t: CheckpointsT = useCallback((k, p) => translateCheckpoints(lang, k, p), [lang]);
  const id = Number(useParams().id);
  const online = useOnline();
  const qc = useQueryClient();
  const checkpoint = useCheckpoint(id);
  const store = useMemo(() => idbStore(), []);
  const [queue, setQueue] = useState<QueuedEntry[]>([]);
  // Entries recorded here that left the queue: shown as sent until the server's list has them.
  const [sentHere, setSentHere] = useState<Map<string, CheckpointEntryInput>>(new Map());
  const recorded = useRef(new Map<string, CheckpointEntryInput>());
  const syncer = useRef<Syncer | null>(null);

  const entries = useQuery({
    queryKey: ['checkpoint-entries', id],
    queryFn: () => api.get<{ items: CheckpointEntryView[] }>(`/api/checkpoints/${id}/entries`),
    enabled: online && Number.isFinite(id),
    retry: false,
  });

  const refresh = useCallback(async () => {
    const items = (await store.list()).filter((q) => q.entry.checkpointId === id);
    setQueue(items);
    const inQueue = new Set(items.map((q) => q.entry.clientId));
    setSentHere(new Map([...recorded.current].filter(([k]) => !inQueue.has(k))));
  }, [store, id]);

  useEffect(() => {
    // The service worker is registered here only: the checkpoint page is the one that must open offline. Once it
    // controls the page, the two reads the page needs to open offline go through it once, so that it keeps them.
    if (!('serviceWorker' in navigator)) return;
    const sw = navigator.serviceWorker;
    const warm = () => { for (const u of ['/api/auth/me', `/api/checkpoints/${id}`]) fetch(u, { credentials: 'same-origin' }).catch(() => {}); };
    sw.register('/sw.js').catch(() => { /* no offline shell */ });
    if (sw.controller) warm();
    sw.addEventListener('controllerchange', warm);
    return () => sw.removeEventListener('controllerchange', warm);
  }, [id]);

  useEffect(() => {
    const send = async (batch: CheckpointEntryInput[]) => (await api.post<{ results: CheckpointEntryResult[] }>('/api/checkpoints/entries', { entries: batch })).results;
    const s = startSync(store, send, {
      isOnline: () => navigator.onLine,
      onChange: (r) => { void refresh(); if (r.sent > 0) void qc.invalidateQueries({ queryKey: ['checkpoint-entries', id] }); },
    });
    syncer.current = s;
    const kick = () => s.kick();
    window.addEventListener('online', kick);
    return () => { window.removeEventListener('online', kick); s.stop(); syncer.current = null; };
  }, [store, refresh, qc, id]);

  const rows: Row[] = useMemo(() => {
    const out = new Map<string, Row>();
    for (const e of entries.data?.items ?? []) {
      out.set(e.clientId, { clientId: e.clientId, recordedAt: e.recordedAt, who: whoOf(e), route: routeOf(e), temperature: e.temperature, decision: e.decision, status: 'sent', code: null });
    }
    for (const [k, e] of sentHere) if (!out.has(k)) out.set(k, { clientId: k, recordedAt: e.recordedAt, who: whoOf(e), route: routeOf(e), temperature: e.temperature ?? null, decision: e.decision, status: 'sent', code: null });
    for (const q of queue) out.set(q.entry.clientId, { clientId: q.entry.clientId, recordedAt: q.entry.recordedAt, who: whoOf(q.entry), route: routeOf(q.entry), temperature: q.entry.temperature ?? null, decision: q.entry.decision, status: q.status, code: q.code });
    return [...out.values()].sort((a, b) => b.recordedAt.localeCompare(a.recordedAt));
  }, [entries.data, sentHere, queue]);
  const pending = queue.filter((q) => q.status === 'pending').length;

  const record = async (entry: CheckpointEntryInput) => {
    recorded.current.set(entry.clientId, entry);
    await store.put(queued(entry));
    await refresh();
    syncer.current?.kick();
  };

  return (
    <Stack gap="md">
      <PageHeader title={checkpoint.data?.name ?? t('checkpoints.title')}>
        <Group gap="xs">
          <Badge color={online ? 'green' : 'orange'} size="lg" data-testid="network-badge">{online ? t('checkpoint.online') : t('checkpoint.offline')}</Badge>
          {pending > 0 && <Badge color="yellow" size="lg" variant="light">{t('checkpoint.pendingCount', { n: pending })}</Badge>}
          <Button component={Link} to="/checkpoints" variant="subtle">{t('checkpoints.nav')}</Button>
        </Group>
      </PageHeader>
      {checkpoint.isError && <Notice color="red">{t('checkpoint.notFound')}</Notice>}
      <EntryForm t={t} checkpointId={id} onRecord={record} />
      <Card withBorder>
        <Group justify="space-between" mb="sm">
          <Text fw={600}>{t('checkpoint.today')}</Text>
          {pending > 0 && online && <Button size="xs" variant="light" onClick={() => syncer.current?.kick()}>{t('checkpoint.syncNow')}</Button>}
        </Group>
        {rows.length === 0 ? <Text c="dimmed">{t('checkpoint.noEntries')}</Text> : (
          <Table.ScrollContainer minWidth={560}>
            <Table striped data-testid="checkpoint-entries">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('checkpoint.time')}</Table.Th>
                  <Table.Th>{t('checkpoint.who')}</Table.Th>
                  <Table.Th>{t('checkpoint.route')}</Table.Th>
                  <Table.Th>{t('checkpoint.temperature')}</Table.Th>
                  <Table.Th>{t('checkpoint.decision')}</Table.Th>
                  <Table.Th>{t('checkpoint.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((r) => (
                  <Table.Tr key={r.clientId} data-testid="checkpoint-entry" data-status={r.status} data-client-id={r.clientId}>
                    <Table.Td>{dateTime(r.recordedAt)}</Table.Td>
                    <Table.Td>{r.who}</Table.Td>
                    <Table.Td>{r.route}</Table.Td>
                    <Table.Td>{r.temperature == null ? '' : r.temperature.toFixed(1)}</Table.Td>
                    <Table.Td>{t(`checkpoint.decision.${r.decision}`)}</Table.Td>
                    <Table.Td>
                      <Badge color={r.status === 'sent' ? 'green' : r.status === 'pending' ? 'yellow' : 'red'} variant="light" title={r.code ? msg(r.code) : undefined}>
                        {t(`checkpoint.status.${r.status}`)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>
    </Stack>
  );
}

function EntryForm(props: { t: CheckpointsT; checkpointId: number; onRecord: (e: CheckpointEntryInput) => Promise<void> }): ReactNode {
  const { t } = props;
  const [v, setV] = useState(EMPTY);
  const [decision, setDecision] = useState<CheckpointDecision>('allowed');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const temp = useRef<HTMLInputElement>(null);
  const field = (k: keyof typeof EMPTY) => ({
    value: v[k],
    onChange: (e: { currentTarget: { value: string } }) => { const x = e.currentTarget.value; setV((o) => ({ ...o, [k]: x })); setSaved(false); },
  });

  // A chip CCCD's QR read by a keyboard-wedge scanner (or pasted) lands in the ID field and ends with Enter.
  const onIdKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'Enter' || !v.idNumber.includes('|')) return;
    e.preventDefault();
    const qr = parseChipQr(v.idNumber);
    if (!qr) { setError(t('checkpoint.scanBad')); return; }
    setError(null);
    setV((o) => ({ ...o, idNumber: qr.idNumber, fullName: qr.fullName || o.fullName }));
    temp.current?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const temperature = v.temperature.trim() === '' ? null : Number(v.temperature.replace(',', '.'));
    if (temperature != null && !(temperature >= 30 && temperature <= 45)) { setError(t('checkpoint.badTemperature')); return; }
    if (v.idNumber.includes('|')) { setError(t('checkpoint.scanBad')); return; }
    const opt = (s: string) => (s.trim() === '' ? null : s.trim());
    const parsed = CheckpointEntryInput.safeParse({
      clientId: crypto.randomUUID(), checkpointId: props.checkpointId,
      idNumber: opt(v.idNumber), phone: opt(v.phone), fullName: opt(v.fullName), plate: opt(v.plate),
      origin: opt(v.origin), destination: opt(v.destination), temperature: temperature == null ? null : Math.round(temperature * 10) / 10,
      decision, recordedAt: new Date().toISOString(),
    });
    if (!parsed.success) { setError(t('checkpoint.needSomeone')); return; }
    setError(null);
    await props.onRecord(parsed.data);
    // Origin and destination often repeat for a busload: kept; the person's fields are cleared.
    setV((o) => ({ ...EMPTY, origin: o.origin, destination: o.destination }));
    setDecision('allowed');
    setSaved(true);
    first.current?.focus();
  };

  return (
    <Card withBorder component="form" onSubmit={submit} aria-label={t('checkpoint.form')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput ref={first} label={t('checkpoint.idNumber')} description={t('checkpoint.scanHint')} inputMode="text" autoComplete="off" autoFocus onKeyDown={onIdKey} {...field('idNumber')} />
          <TextInput label={t('checkpoint.fullName')} autoComplete="off" {...field('fullName')} />
          <TextInput label={t('checkpoint.phone')} inputMode="tel" autoComplete="off" {...field('phone')} />
          <TextInput label={t('checkpoint.plate')} autoComplete="off" {...field('plate')} />
          <TextInput label={t('checkpoint.origin')} autoComplete="off" {...field('origin')} />
          <TextInput label={t('checkpoint.destination')} autoComplete="off" {...field('destination')} />
          <TextInput ref={temp} label={t('checkpoint.temperature')} inputMode="decimal" autoComplete="off" {...field('temperature')} />
        </SimpleGrid>
        <div>
          <Text size="sm" fw={500} mb={4} id="checkpoint-decision-label">{t('checkpoint.decision')}</Text>
          <SegmentedControl
            fullWidth aria-labelledby="checkpoint-decision-label" value={decision} onChange={(x) => setDecision(x as CheckpointDecision)}
            data={CHECKPOINT_DECISIONS.map((d) => ({ value: d, label: t(`checkpoint.decision.${d}`) }))}
          />
        </div>
        {error && <Text c="red" size="sm" role="alert">{error}</Text>}
        {saved && !error && <Text c="green" size="sm" role="status">{t('checkpoint.saved')}</Text>}
        <Button type="submit" size="md">{t('checkpoint.save')}</Button>
      </Stack>
    </Card>
  );
}
