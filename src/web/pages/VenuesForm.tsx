// The venue form (create and edit) in a dialog: name, kind, commune (within the officer's area), address,
// coordinates pasted from a map app, the default stay when nobody checks out; on an existing venue, replacing
// its QR code (the printed posters stop working). Client checks mirror the shared VenueInput schema.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Group, Modal, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { VenueView } from '../../contracts/intake.checkins.ts';
import { api, ApiError, fieldErrorsOf } from '../api.ts';
import { useUser } from '../auth.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { selectLabelProps, useCommunes } from '../lib/reference.ts';
import { emptyVenueForm, formatStay, kindOptions, venueFormOf, venueInput, type VenueErrors, type VenueField, type VenueForm } from '../lib/venues.ts';
import { ErrorAlert, Notice } from '../components/Status.tsx';

export function VenueFormModal(props: { venue: VenueView | null; opened: boolean; onClose: () => void; onSaved: (v: VenueView) => void }): ReactNode {
  const { t } = useI18n();
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t(props.venue ? 'venues.form.edit' : 'venues.form.create')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {props.opened && <VenueFormBody key={props.venue?.id ?? 'new'} {...props} />}
    </Modal>
  );
}

function VenueFormBody(props: { venue: VenueView | null; onClose: () => void; onSaved: (v: VenueView) => void }): ReactNode {
  const { t, msg, lang } = useI18n();
  const me = useUser();
  const qc = useQueryClient();
  const communes = useCommunes();
  const [form, setForm] = useState<VenueForm>(() => (props.venue ? venueFormOf(props.venue) : {
    ...emptyVenueForm, communeCode: me.areaScope === 'communes' && me.areaCommunes.length === 1 ? me.areaCommunes[0]! : '',
  }));
  const [errors, setErrors] = useState<VenueErrors>({});
  const [serverFields, setServerFields] = useState<Record<string, string>>({});
  const [rotated, setRotated] = useState<VenueView | null>(null);
  const set = <K extends keyof VenueForm>(k: K, v: VenueForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    if (k in errors) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const save = useMutation({
    mutationFn: (body: unknown) => (props.venue ? api.put<VenueView>(`/api/intake/venues/${props.venue.id}`, body) : api.post<VenueView>('/api/intake/venues', body)),
    onSuccess: (v) => {
      void qc.invalidateQueries({ queryKey: ['intake'] });
      props.onSaved(v);
    },
    onError: (err) => setServerFields(err instanceof ApiError && err.status === 400 ? fieldErrorsOf(err) : {}),
  });
  const rotate = useMutation({
    mutationFn: () => api.post<VenueView>(`/api/intake/venues/${props.venue!.id}/token`),
    onSuccess: (v) => {
      setRotated(v);
      void qc.invalidateQueries({ queryKey: ['intake'] });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const r = venueInput(form);
    if ('errors' in r) {
      setErrors(r.errors);
      const first = (['name', 'kind', 'communeCode', 'address', 'coordinates', 'stay'] as const).find((f) => r.errors[f]);
      if (first) document.getElementById(`venue-${first}`)?.focus();
      return;
    }
    save.mutate(r.input);
  };

  const err = (f: VenueField, server?: string) => {
    const k: MessageKey | undefined = errors[f];
    if (k) return t(k);
    const s = server ? serverFields[server] : undefined;
    return s ? msg(s) : undefined;
  };
  const only = me.areaScope === 'communes' ? me.areaCommunes : undefined;
  const kindDefault = props.venue && form.kind === props.venue.kind && props.venue.defaultStayMinutes === null ? props.venue.effectiveStayMinutes : null;

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <TextInput id="venue-name" label={t('venues.form.name')} required value={form.name} onChange={(e) => set('name', e.currentTarget.value)} error={err('name', 'name')} maxLength={300} />
        <Group grow align="flex-start">
          <Select {...selectLabelProps('venue-kind')} label={t('venues.form.kind')} required data={kindOptions(lang)} value={form.kind || null}
            onChange={(v) => set('kind', (v ?? '') as VenueForm['kind'])} error={err('kind', 'kind')} allowDeselect={false} />
          <Select {...selectLabelProps('venue-communeCode')} label={t('venues.form.commune')} required searchable data={communes.optionsFor(form.communeCode ? [form.communeCode] : [], only)}
            value={form.communeCode || null} onChange={(v) => set('communeCode', v ?? '')} error={err('communeCode', 'communeCode')} />
        </Group>
        <TextInput id="venue-address" label={t('venues.form.address')} value={form.address} onChange={(e) => set('address', e.currentTarget.value)} error={err('address', 'address')} maxLength={500} />
        <Group grow align="flex-start">
          <TextInput id="venue-coordinates" label={t('venues.form.coordinates')} description={t('venues.form.coordinatesHint')} value={form.coordinates}
            onChange={(e) => set('coordinates', e.currentTarget.value)} error={err('coordinates', 'lon')} inputMode="decimal" />
          <TextInput id="venue-stay" label={t('venues.form.stay')} description={t('venues.form.stayHint')} value={form.stay} inputMode="numeric"
            placeholder={kindDefault ? formatStay(kindDefault, lang) : undefined}
            onChange={(e) => set('stay', e.currentTarget.value.replace(/\D/g, ''))} error={err('stay', 'defaultStayMinutes')} />
        </Group>
        <Switch label={t('venues.form.active')} checked={form.active} onChange={(e) => set('active', e.currentTarget.checked)} />
        {save.isError && !Object.keys(serverFields).length && <ErrorAlert error={save.error} />}
        {props.venue && (
          <Stack gap={4} mt="xs">
            {rotated ? <Notice color="green" kind="status">{t('venues.rotated')}</Notice> : (
              <>
                <Text size="sm" c="dimmed">{t('venues.rotateConfirm')}</Text>
                <Button variant="light" color="orange" w="fit-content" size="xs" loading={rotate.isPending} onClick={() => rotate.mutate()}>{t('venues.rotate')}</Button>
              </>
            )}
            {rotate.isError && <ErrorAlert error={rotate.error} />}
          </Stack>
        )}
        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={props.onClose}>{t('common.cancel')}</Button>
          <Button type="submit" loading={save.isPending}>{t('venues.form.save')}</Button>
        </Group>
      </Stack>
    </form>
  );
}
