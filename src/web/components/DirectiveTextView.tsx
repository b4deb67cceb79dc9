// The text of a document with the places the parser read each value highlighted (review screen). The active
// value (the form field in focus, or a highlight clicked) is marked more strongly and scrolled into view.
// Clicking a highlight selects the innermost value it belongs to (a lead agency rather than its whole item).
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { Box, ScrollArea } from '@mantine/core';
import { segmentText, type Mark } from '../lib/directives.ts';

export function DirectiveTextView(props: { text: string; marks: readonly Mark[]; active: string | null; onPick: (id: string) => void; label: string; height?: string }): ReactNode {
  const { text, marks, active, onPick } = props;
  const segments = useMemo(() => segmentText(text, marks), [text, marks]);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!active || !box.current) return;
    const el = box.current.querySelector<HTMLElement>(`[data-mark-ids~="${CSS.escape(active)}"]`);
    el?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [active]);
  return (
    <ScrollArea.Autosize mah={props.height ?? '75vh'} type="auto" offsetScrollbars>
      <Box
        ref={box}
        role="document"
        aria-label={props.label}
        data-testid="directive-text"
        style={{ whiteSpace: 'pre-wrap', fontFamily: '"Times New Roman", Times, serif', fontSize: 15, lineHeight: 1.5, padding: 12 }}
      >
        {segments.map((s) => {
          if (!s.ids.length) return <span key={s.start}>{s.text}</span>;
          const on = active !== null && s.ids.includes(active);
          const task = s.ids.every((id) => /^task\.\d+$/.test(id));
          return (
            <mark
              key={s.start}
              data-mark-ids={s.ids.join(' ')}
              data-active={on ? 'true' : undefined}
              onClick={() => onPick(s.ids[0]!)}
              style={{
                cursor: 'pointer',
                borderRadius: 2,
                color: 'inherit',
                background: on ? 'var(--mantine-color-orange-3)' : task ? 'var(--mantine-color-gray-1)' : 'var(--mantine-color-yellow-2)',
                outline: on && !task ? '2px solid var(--mantine-color-orange-7)' : undefined,
              }}
            >
              {s.text}
            </mark>
          );
        })}
      </Box>
    </ScrollArea.Autosize>
  );
}
