// The inputs of the person form, each with its label, hint and inline error. Native inputs and selects where
// possible (fast on cheap phones, easy to drive from tests); the commune is a searchable select.
import type { ReactNode } from 'react';
import { NativeSelect, Select, SimpleGrid, TextInput } from '@mantine/core';
import type { FieldErrors, PersonField, PersonFormValues } from '../lib/personForm.ts';
import { selectLabelProps, type Option } from '../lib/reference.ts';
import { useI18n } from '../i18n.ts';

export const fieldId = (field: PersonField) => `person-${field}`;

export function PersonFormFields(props: {
  values: PersonFormValues;
  errors: FieldErrors;
  communeOptions: Option[];
  onChange: <K extends PersonField>(field: K, value: PersonFormValues[K]) => void;
}): ReactNode {
  const { t, msg } = useI18n();
  const { values, errors, onChange } = props;
  const err = (f: PersonField) => (errors[f] ? msg(errors[f]) : null);
  const today = new Date().toISOString().slice(0, 10);

  const onBirthDate = (value: string) => {
    onChange('birthDate', value);
    const year = /^(\d{4})-\d{2}-\d{2}$/.exec(value)?.[1];
    if (year) onChange('birthYear', year);
  };

  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" verticalSpacing="sm">
      <TextInput
        id={fieldId('fullName')}
        label={t('person.fullName')}
        value={values.fullName}
        onChange={(e) => onChange('fullName', e.currentTarget.value)}
        required
        maxLength={200}
        autoComplete="off"
        error={err('fullName')}
      />
      <TextInput
        id={fieldId('birthDate')}
        type="date"
        label={t('person.birthDate')}
        value={values.birthDate}
        onChange={(e) => onBirthDate(e.currentTarget.value)}
        min="1880-01-01"
        max={today}
        error={err('birthDate')}
      />
      <TextInput
        id={fieldId('birthYear')}
        label={t('person.birthYear')}
        description={t('person.birthHint')}
        value={values.birthYear}
        onChange={(e) => onChange('birthYear', e.currentTarget.value)}
        inputMode="numeric"
        maxLength={4}
        error={err('birthYear')}
      />
      <NativeSelect
        id={fieldId('sex')}
        label={t('person.sex')}
        value={values.sex}
        onChange={(e) => onChange('sex', e.currentTarget.value as PersonFormValues['sex'])}
        data={[
          { value: '', label: t('sex.unknown') },
          { value: 'male', label: t('sex.male') },
          { value: 'female', label: t('sex.female') },
        ]}
        error={err('sex')}
      />
      <NativeSelect
        id={fieldId('idType')}
        label={t('person.idType')}
        value={values.idType}
        onChange={(e) => onChange('idType', e.currentTarget.value as PersonFormValues['idType'])}
        data={[
          { value: 'cccd', label: t('idType.cccd') },
          { value: 'cmnd', label: t('idType.cmnd') },
          { value: 'passport', label: t('idType.passport') },
        ]}
        error={err('idType')}
      />
      <TextInput
        id={fieldId('idNumber')}
        label={t('person.idNumber')}
        value={values.idNumber}
        onChange={(e) => onChange('idNumber', e.currentTarget.value)}
        maxLength={40}
        autoComplete="off"
        spellCheck={false}
        error={err('idNumber')}
      />
      <TextInput
        id={fieldId('phone')}
        type="tel"
        label={t('person.phone')}
        value={values.phone}
        onChange={(e) => onChange('phone', e.currentTarget.value)}
        inputMode="tel"
        maxLength={30}
        autoComplete="off"
        error={err('phone')}
      />
      <TextInput
        id={fieldId('address')}
        label={t('person.address')}
        value={values.address}
        onChange={(e) => onChange('address', e.currentTarget.value)}
        maxLength={500}
        autoComplete="off"
        error={err('address')}
      />
      <Select
        {...selectLabelProps(fieldId('communeCode'))}
        label={t('person.commune')}
        data={props.communeOptions}
        value={values.communeCode || null}
        onChange={(v) => onChange('communeCode', v ?? '')}
        searchable
        allowDeselect={false}
        required
        nothingFoundMessage={t('people.noResults')}
        error={err('communeCode')}
      />
      <TextInput
        id={fieldId('nationality')}
        label={t('person.nationality')}
        description={t('person.nationalityHint')}
        value={values.nationality}
        onChange={(e) => onChange('nationality', e.currentTarget.value.toUpperCase())}
        maxLength={2}
        w={{ base: '100%', sm: 200 }}
        error={err('nationality')}
      />
    </SimpleGrid>
  );
}
