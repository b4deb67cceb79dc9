// One agency of a task: the name as the document prints it and what it stands for in the registry (an agency,
// a group kept as one task, none, or recognised from the name on the server).
import type { ReactNode } from 'react';
import { ActionIcon, Group, Select, TextInput } from '@mantine/core';
import type { AgencyChoice, AgencyOption } from '../lib/directives.ts';
import { useDirT } from '../lib/directives.ts';

export function DirectiveAgencyPicker(props: {
  choice: AgencyChoice;
  options: readonly AgencyOption[];
  label: string;
  onChange: (c: AgencyChoice) => void;
  onRemove: () => void;
  onFocus?: () => void;
}): ReactNode {
  const dt = useDirT();
  const { choice } = props;
  return (
    <Group gap={6} align="flex-end" wrap="nowrap">
      <TextInput
        label={`${props.label} · ${dt('dir.task.asPrinted')}`}
        value={choice.name}
        onChange={(e) => props.onChange({ ...choice, name: e.currentTarget.value })}
        onFocus={props.onFocus}
        data-field={choice.mark}
        style={{ flex: 1 }}
        size="xs"
      />
      <Select
        label={dt('dir.task.registry')}
        aria-label={`${props.label} · ${dt('dir.task.registry')}`}
        data={props.options as AgencyOption[]}
        value={choice.value}
        onChange={(v) => props.onChange({ ...choice, value: v ?? 'none' })}
        onFocus={props.onFocus}
        searchable
        allowDeselect={false}
        size="xs"
        style={{ flex: 1 }}
        comboboxProps={{ withinPortal: true }}
      />
      <ActionIcon variant="subtle" color="red" onClick={props.onRemove} aria-label={dt('dir.task.removeAgency', { name: choice.name || '…' })} title={dt('dir.task.removeAgency', { name: choice.name || '…' })} mb={2}>
        ×
      </ActionIcon>
    </Group>
  );
}
