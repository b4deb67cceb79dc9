// The input for a 6-digit code from an authenticator app (numeric keyboard, one-time-code autofill).
import type { ReactNode } from 'react';
import { TextInput } from '@mantine/core';

export function CodeInput(props: { label: string; value: string; onChange: (v: string) => void; error?: ReactNode; autoFocus?: boolean; w?: number }): ReactNode {
  return (
    <TextInput
      label={props.label}
      value={props.value}
      onChange={(e) => props.onChange(e.currentTarget.value)}
      inputMode="numeric"
      autoComplete="one-time-code"
      maxLength={7}
      autoFocus={props.autoFocus}
      data-autofocus={props.autoFocus || undefined}
      w={props.w}
      error={props.error}
    />
  );
}
