// The health declaration form (/khai-bao): what tokhaiyte.vn asked (identity, address down to the commune,
// travel in the past 14 days, symptoms, exposures, underlying conditions) in its three kinds. Public and
// mobile-first: native inputs, one column, errors under their fields. A submission carries an idempotency
// key and is kept on the device until answered, so a dropped connection is retried without a duplicate.
// Staff use the same form to declare for a citizen (DeclarationNewPage).
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Button, Checkbox, Fieldset, Group, NativeSelect, Radio, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { CONDITIONS, EXPOSURES, SYMPTOMS, VEHICLES, type DeclarationOutcome } from '../../contracts/intake.declarations.ts';
import { api, ApiError, NETWORK_ERROR } from '../api.ts';
import { useI18n } from '../i18n.ts';
import {
  clearPending, declarationBody, emptyDeclaration, emptyLeg, loadPending, newIdempotencyKey, savePending, serverErrors, validateDeclaration,
  type DeclarationValues, type FormErrors, type LegValues, type Pending,
} from '../lib/declaration.ts';
import { usePageTitle } from '../components/Page.tsx';
import { ErrorAlert, Notice } from '../components/Status.tsx';
import { DeclarationOutcomeView } from './PublicDeclarationOutcome.tsx';
import { usePlaces } from './PublicLayout.tsx';

export function PublicDeclarationPage(): ReactNode {
  const { t } = useI18n();
  usePageTitle(t('decl.public.title'));
  return (
    <Stack gap="sm">
      <Title order={1} size="h2">{t('decl.public.title')}</Title>
      <Text size="sm">{t('decl.public.intro')}</Text>
      <DeclarationForm mode="public" />
    </Stack>
  );
}

const PENDING = 'declaration';
const storage = () => (typeof window === 'undefined' ? undefined : window.localStorage);
const idOf = (path: string) => `decl-${path.replace(/\./g, '-')}`;
type Body = Record<string, unknown>;

/** Network trouble or an overloaded server: worth sending again with the same key. */
const retryable = (e: unknown) => e instanceof ApiError && (e.code === NETWORK_ERROR || e.status >= 500 || e.status === 0);

/** `communes`: those offered for the address (staff: their area); the province's by default. */
export function DeclarationForm(props: { mode: 'public' | 'staff'; communes?: ReadonlyArray<{ code: string; name: string }> }): ReactNode {
  const { t, msg } = useI18n();
  const places = usePlaces();
  const [values, setValues] = useState<DeclarationValues>(() => emptyDeclaration());
  const [errors, setErrors] = useState<FormErrors>({});
  const [outcome, setOutcome] = useState<DeclarationOutcome | null>(null);
  const [pending, setPending] = useState<Pending<Body> | null>(() => (props.mode === 'public' ? loadPending<Body>(storage(), PENDING) : null));
  const sent = useRef<{ key: string; json: string } | null>(null);
  const url = props.mode === 'public' ? '/api/public/declarations' : '/api/intake/declarations';

  const provinceCode = places.data?.provinceCode ?? '';
  useEffect(() => {
    if (provinceCode) setValues((v) => (v.domestic.toProvinceCode ? v : { ...v, domestic: { ...v.domestic, toProvinceCode: provinceCode } }));
  }, [provinceCode]);

  const send = useMutation({
    mutationFn: (p: Pending<Body>) => api.post<DeclarationOutcome>(url, { ...p.body, idempotencyKey: p.key }),
    onSuccess: (o) => {
      clearPending(storage(), PENDING);
      setPending(null);
      sent.current = null;
      setOutcome(o);
      window.scrollTo?.({ top: 0 });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.status === 400) {
        const e = serverErrors(err.details);
        setErrors(e);
        focusFirst(e);
      }
      if (!retryable(err)) {
        clearPending(storage(), PENDING);
        setPending(null);
      }
    },
  });

  const set = (patch: Partial<DeclarationValues>, paths: string[]) => {
    setValues((v) => ({ ...v, ...patch }));
    setErrors((e) => (paths.some((p) => e[p]) ? Object.fromEntries(Object.entries(e).filter(([k]) => !paths.includes(k))) : e));
  };
  const err = (path: string) => (errors[path] ? msg(errors[path]) : null);
  const focusFirst = (e: FormErrors) => {
    const first = Object.keys(e)[0];
    if (first) (document.getElementById(idOf(first)) ?? document.getElementById(idOf(first.split('.')[0]!)))?.focus();
  };

  const onSubmit = (ev: FormEvent) => {
    ev.preventDefault();
    const checked = validateDeclaration(values);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirst(checked.errors);
      return;
    }
    setErrors({});
    const body = declarationBody(values);
    const json = JSON.stringify(body);
    // The same form sent again keeps its key (the server answers with the first result); a changed form is new.
    if (!sent.current || sent.current.json !== json) sent.current = { key: newIdempotencyKey(), json };
    const p: Pending<Body> = { key: sent.current.key, body, savedAt: new Date().toISOString() };
    if (props.mode === 'public') {
      savePending(storage(), PENDING, p);
      setPending(p);
    }
    send.mutate(p);
  };

  const another = () => {
    setOutcome(null);
    setValues({ ...emptyDeclaration(provinceCode), communeCode: values.communeCode, address: values.address, phone: values.phone });
    send.reset();
  };

  if (outcome) return <DeclarationOutcomeView outcome={outcome} onAnother={another} />;

  const communes = props.communes ?? places.data?.communes ?? [];
  const provinces = places.data?.provinces ?? [];
  const hasErrors = Object.keys(errors).length > 0;
  const d = values.domestic;
  const en = values.entry;
  const setDomestic = (patch: Partial<DeclarationValues['domestic']>) => set({ domestic: { ...d, ...patch } }, Object.keys(patch).map((k) => `domestic.${k}`));
  const setEntry = (patch: Partial<DeclarationValues['entry']>) => set({ entry: { ...en, ...patch } }, Object.keys(patch).map((k) => `entry.${k}`));
  const toggle = (field: 'symptoms' | 'exposures' | 'conditions', value: string, on: boolean) =>
    set({ [field]: on ? [...values[field], value] : values[field].filter((x) => x !== value) } as Partial<DeclarationValues>, [field]);
  const provinceOptions = [{ value: '', label: t('decl.province.choose') }, ...provinces.map((p) => ({ value: p.code, label: p.name }))];

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="md">
        {pending && !send.isPending && (send.isIdle || retryable(send.error)) && (
          <Notice color="yellow" kind="status" title={t('decl.pending')}>
            <Button size="xs" mt={4} onClick={() => send.mutate(pending)}>{t('decl.resend')}</Button>
          </Notice>
        )}
        {send.isError && !retryable(send.error) && !(send.error instanceof ApiError && send.error.status === 400) && <ErrorAlert error={send.error} />}
        {places.isError && <ErrorAlert error={places.error} onRetry={() => void places.refetch()} />}

        <Radio.Group id={idOf('kind')} label={t('decl.kind')} value={values.kind}
          onChange={(v) => set({ kind: v as DeclarationValues['kind'] }, ['kind', 'domestic', 'entry'])}>
          <Group gap="md" mt={4}>
            {(['everyone', 'domestic', 'entry'] as const).map((k) => <Radio key={k} value={k} label={t(`decl.kind.${k}`)} />)}
          </Group>
        </Radio.Group>

        <Fieldset legend={t('decl.section.identity')}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
            <TextInput id={idOf('fullName')} label={t('decl.fullName')} required autoComplete="name" maxLength={200}
              value={values.fullName} onChange={(e) => set({ fullName: e.currentTarget.value }, ['fullName'])} error={err('fullName')} />
            <TextInput id={idOf('birthYear')} label={t('decl.birthYear')} required inputMode="numeric" maxLength={4}
              value={values.birthYear} onChange={(e) => set({ birthYear: e.currentTarget.value }, ['birthYear', 'idNumber'])} error={err('birthYear')} />
            <NativeSelect id={idOf('sex')} label={t('decl.sex')} required value={values.sex}
              onChange={(e) => set({ sex: e.currentTarget.value as DeclarationValues['sex'] }, ['sex', 'idNumber'])} error={err('sex')}
              data={[{ value: '', label: t('decl.sex.choose') }, { value: 'male', label: t('decl.sex.male') }, { value: 'female', label: t('decl.sex.female') }]} />
            <TextInput id={idOf('nationality')} label={t('decl.nationality')} maxLength={2} autoCapitalize="characters"
              value={values.nationality} onChange={(e) => set({ nationality: e.currentTarget.value }, ['nationality'])} error={err('nationality')} />
            <NativeSelect id={idOf('idType')} label={t('decl.idType')} value={values.idType}
              onChange={(e) => set({ idType: e.currentTarget.value as DeclarationValues['idType'] }, ['idType', 'idNumber'])} error={err('idType')}
              data={[
                { value: 'cccd', label: t('decl.idType.cccd') }, { value: 'cmnd', label: t('decl.idType.cmnd') },
                { value: 'passport', label: t('decl.idType.passport') }, { value: '', label: t('decl.idType.none') },
              ]} />
            {values.idType !== '' && (
              <TextInput id={idOf('idNumber')} label={t('decl.idNumber')} inputMode={values.idType === 'passport' ? 'text' : 'numeric'} maxLength={40} autoComplete="off"
                value={values.idNumber} onChange={(e) => set({ idNumber: e.currentTarget.value }, ['idNumber'])} error={err('idNumber')} />
            )}
            <TextInput id={idOf('phone')} label={t('decl.phone')} required type="tel" inputMode="tel" autoComplete="tel" maxLength={30}
              value={values.phone} onChange={(e) => set({ phone: e.currentTarget.value }, ['phone'])} error={err('phone')} />
            <TextInput id={idOf('email')} label={t('decl.email')} type="email" autoComplete="email" maxLength={200}
              value={values.email} onChange={(e) => set({ email: e.currentTarget.value }, ['email'])} error={err('email')} />
          </SimpleGrid>
          <Checkbox mt="sm" label={t('decl.healthInsurance')} checked={values.healthInsurance} onChange={(e) => set({ healthInsurance: e.currentTarget.checked }, [])} />
        </Fieldset>

        <Fieldset legend={t('decl.section.contact')}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
            <NativeSelect id={idOf('communeCode')} label={t('decl.commune')} required value={values.communeCode}
              onChange={(e) => set({ communeCode: e.currentTarget.value }, ['communeCode'])} error={err('communeCode')}
              data={[{ value: '', label: t('decl.commune.choose') }, ...communes.map((c) => ({ value: c.code, label: c.name }))]} />
            <TextInput id={idOf('address')} label={t('decl.address')} required maxLength={500} autoComplete="street-address"
              value={values.address} onChange={(e) => set({ address: e.currentTarget.value }, ['address'])} error={err('address')} />
          </SimpleGrid>
        </Fieldset>

        {values.kind === 'domestic' && (
          <Fieldset legend={t('decl.section.domestic')}>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
              <NativeSelect id={idOf('domestic.vehicle')} label={t('decl.vehicle')} value={d.vehicle} onChange={(e) => setDomestic({ vehicle: e.currentTarget.value })}
                data={VEHICLES.map((v) => ({ value: v, label: t(`decl.vehicle.${v}`) }))} />
              <TextInput id={idOf('domestic.plate')} label={t('decl.plate')} maxLength={30} value={d.plate} onChange={(e) => setDomestic({ plate: e.currentTarget.value })} error={err('domestic.plate')} />
              <TextInput id={idOf('domestic.seat')} label={t('decl.seat')} maxLength={10} value={d.seat} onChange={(e) => setDomestic({ seat: e.currentTarget.value })} error={err('domestic.seat')} />
              <NativeSelect id={idOf('domestic.fromProvinceCode')} label={t('decl.fromProvince')} required value={d.fromProvinceCode}
                onChange={(e) => setDomestic({ fromProvinceCode: e.currentTarget.value })} error={err('domestic.fromProvinceCode')} data={provinceOptions} />
              <TextInput id={idOf('domestic.fromPlace')} label={t('decl.fromPlace')} maxLength={200} value={d.fromPlace} onChange={(e) => setDomestic({ fromPlace: e.currentTarget.value })} />
              <NativeSelect id={idOf('domestic.toProvinceCode')} label={t('decl.toProvince')} required value={d.toProvinceCode}
                onChange={(e) => setDomestic({ toProvinceCode: e.currentTarget.value })} error={err('domestic.toProvinceCode')} data={provinceOptions} />
              <TextInput id={idOf('domestic.toPlace')} label={t('decl.toPlace')} maxLength={200} value={d.toPlace} onChange={(e) => setDomestic({ toPlace: e.currentTarget.value })} />
              <TextInput id={idOf('domestic.departOn')} type="date" label={t('decl.departOn')} required value={d.departOn}
                onChange={(e) => setDomestic({ departOn: e.currentTarget.value })} error={err('domestic.departOn')} />
              <TextInput id={idOf('domestic.arriveOn')} type="date" label={t('decl.arriveOn')} value={d.arriveOn}
                onChange={(e) => setDomestic({ arriveOn: e.currentTarget.value })} error={err('domestic.arriveOn')} />
            </SimpleGrid>
          </Fieldset>
        )}

        {values.kind === 'entry' && (
          <Fieldset legend={t('decl.section.entry')}>
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
              <TextInput id={idOf('entry.fromCountry')} label={t('decl.fromCountry')} required maxLength={2} autoCapitalize="characters"
                value={en.fromCountry} onChange={(e) => setEntry({ fromCountry: e.currentTarget.value })} error={err('entry.fromCountry')} />
              <TextInput id={idOf('entry.entryOn')} type="date" label={t('decl.entryOn')} required value={en.entryOn}
                onChange={(e) => setEntry({ entryOn: e.currentTarget.value })} error={err('entry.entryOn')} />
              <TextInput id={idOf('entry.borderGate')} label={t('decl.borderGate')} maxLength={200} value={en.borderGate} onChange={(e) => setEntry({ borderGate: e.currentTarget.value })} />
              <TextInput id={idOf('entry.flightOrPlate')} label={t('decl.flightOrPlate')} maxLength={30} value={en.flightOrPlate} onChange={(e) => setEntry({ flightOrPlate: e.currentTarget.value })} />
            </SimpleGrid>
            <Checkbox mt="sm" label={t('decl.viaOfficialGate')} checked={en.viaOfficialGate} onChange={(e) => setEntry({ viaOfficialGate: e.currentTarget.checked })} />
          </Fieldset>
        )}

        <Fieldset legend={t('decl.section.travel')}>
          <Text size="sm" c="dimmed" mb="xs">{t('decl.travel.hint')}</Text>
          {errors.travel && <Text size="sm" c="red" mb="xs">{msg(errors.travel)}</Text>}
          <Stack gap="sm">
            {values.travel.map((leg, i) => (
              <LegFields
                key={i}
                index={i}
                leg={leg}
                errors={errors}
                onChange={(patch) => set({ travel: values.travel.map((l, j) => (j === i ? { ...l, ...patch } : l)) }, Object.keys(patch).map((k) => `travel.${i}.${k}`))}
                onRemove={() => set({ travel: values.travel.filter((_, j) => j !== i) }, Object.keys(errors).filter((k) => k.startsWith('travel.')))}
              />
            ))}
          </Stack>
          <Button variant="light" size="sm" mt="sm" onClick={() => set({ travel: [...values.travel, emptyLeg()] }, ['travel'])}>{t('decl.travel.add')}</Button>
        </Fieldset>

        <Fieldset legend={t('decl.section.symptoms')}>
          <SimpleGrid cols={{ base: 2, xs: 4 }} spacing="xs">
            {SYMPTOMS.map((s) => <Checkbox key={s} label={t(`decl.symptom.${s}`)} checked={values.symptoms.includes(s)} onChange={(e) => toggle('symptoms', s, e.currentTarget.checked)} />)}
          </SimpleGrid>
        </Fieldset>

        <Fieldset legend={t('decl.section.exposures')}>
          <Stack gap="xs">
            {EXPOSURES.map((x) => <Checkbox key={x} label={t(`decl.exposure.${x}`)} checked={values.exposures.includes(x)} onChange={(e) => toggle('exposures', x, e.currentTarget.checked)} />)}
          </Stack>
        </Fieldset>

        <Fieldset legend={t('decl.section.conditions')}>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
            {CONDITIONS.map((c) => <Checkbox key={c} label={t(`decl.condition.${c}`)} checked={values.conditions.includes(c)} onChange={(e) => toggle('conditions', c, e.currentTarget.checked)} />)}
          </SimpleGrid>
        </Fieldset>

        <Checkbox id={idOf('truthful')} label={t('decl.truthful')} checked={values.truthful}
          onChange={(e) => set({ truthful: e.currentTarget.checked }, ['truthful'])} error={err('truthful')} />

        {hasErrors && <Notice color="red" title={`⚠ ${t('decl.fixErrors')}`} />}
        <Group>
          <Button type="submit" size="md" loading={send.isPending}>{t('decl.submit')}</Button>
        </Group>
      </Stack>
    </form>
  );
}

/** One place of the past 14 days; the provinces offered are those of its first day (2020 had 63). */
function LegFields(props: { index: number; leg: LegValues; errors: FormErrors; onChange: (patch: Partial<LegValues>) => void; onRemove: () => void }): ReactNode {
  const { t, msg } = useI18n();
  const { index: i, leg } = props;
  const places = usePlaces(leg.from || undefined);
  const err = (k: string) => (props.errors[`travel.${i}.${k}`] ? msg(props.errors[`travel.${i}.${k}`]!) : null);
  const n = i + 1;
  return (
    <Fieldset legend={t('decl.travel.leg', { n })} variant="filled" p="sm">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm" verticalSpacing="xs">
        <TextInput id={idOf(`travel.${i}.countryCode`)} label={t('decl.travel.country')} maxLength={2} autoCapitalize="characters"
          value={leg.countryCode} onChange={(e) => props.onChange({ countryCode: e.currentTarget.value.toUpperCase() })} error={err('countryCode')} />
        {leg.countryCode.toUpperCase() === 'VN' && (
          <NativeSelect id={idOf(`travel.${i}.provinceCode`)} label={t('decl.travel.province')} value={leg.provinceCode}
            onChange={(e) => props.onChange({ provinceCode: e.currentTarget.value })} error={err('provinceCode')}
            data={[{ value: '', label: t('decl.province.choose') }, ...(places.data?.provinces ?? []).map((p) => ({ value: p.code, label: p.name }))]} />
        )}
        <TextInput id={idOf(`travel.${i}.place`)} label={t('decl.travel.place')} maxLength={200} value={leg.place} onChange={(e) => props.onChange({ place: e.currentTarget.value })} />
        <TextInput id={idOf(`travel.${i}.from`)} type="date" label={t('decl.travel.from')} required value={leg.from}
          onChange={(e) => props.onChange({ from: e.currentTarget.value })} error={err('from')} />
        <TextInput id={idOf(`travel.${i}.to`)} type="date" label={t('decl.travel.to')} value={leg.to}
          onChange={(e) => props.onChange({ to: e.currentTarget.value })} error={err('to')} />
      </SimpleGrid>
      <Button variant="subtle" color="red" size="xs" mt="xs" onClick={props.onRemove}>{t('decl.travel.remove', { n })}</Button>
    </Fieldset>
  );
}

