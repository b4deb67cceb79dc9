// Venues as points on the province's commune outlines, drawn as SVG (no tile server, works offline). The
// outlines come from the server, which reads them from the shared reference data when present; without them
// the map says so and the page's list remains the full record. Points carry their name (title) and the kind is
// written in the legend as well as coloured, so colour is never the only signal.
import { useState, type ReactNode } from 'react';
import { Badge, Box, Group, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { VenueMap as VenueMapT } from '../../contracts/intake.checkins.ts';
import { api, buildQuery } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { kindLabel } from '../lib/venues.ts';
import { Notice, ErrorAlert, Loading } from './Status.tsx';

const KIND_COLOURS: Record<string, string> = {
  market: '#c2410c', bus_station: '#7c3aed', school: '#2563eb', hotel: '#0d9488', clinic: '#dc2626', office: '#475569',
  factory: '#92400e', restaurant: '#db2777', shop: '#65a30d', religious: '#a16207', vehicle: '#0891b2', other: '#525252',
};

export function VenueMap(props: { commune?: string | null; kind?: string | null; onPick?: (venueId: number) => void }): ReactNode {
  const { t, lang, num } = useI18n();
  const [hover, setHover] = useState<string | null>(null);
  const map = useQuery({
    queryKey: ['intake', 'venueMap', props.commune ?? null, props.kind ?? null],
    queryFn: ({ signal }) => api.get<VenueMapT>(`/api/intake/venue-map${buildQuery({ commune: props.commune, kind: props.kind })}`, { signal }),
    staleTime: 60_000,
  });
  if (map.isPending) return <Loading />;
  if (map.isError) return <ErrorAlert error={map.error} onRetry={() => void map.refetch()} />;
  const m = map.data;
  if (!m.available) return <Notice color="gray" kind="note">{t('venues.map.unavailable')}</Notice>;
  const [, , w] = m.viewBox.split(' ').map(Number);
  const r = Math.max(3, (w ?? 1000) / 180);
  const kinds = [...new Set(m.venues.map((v) => v.kind))].sort();
  return (
    <Box>
      <Box
        component="svg"
        viewBox={m.viewBox}
        role="img"
        aria-label={t('venues.map.label', { n: num(m.venues.length) })}
        style={{ width: '100%', height: 'auto', maxHeight: 560, background: 'var(--mantine-color-gray-0)', borderRadius: 4 }}
      >
        <g>
          {m.communes.map((c) => (
            <path
              key={c.code}
              d={c.path}
              fill={props.commune === c.code ? 'var(--mantine-color-blue-1)' : 'var(--mantine-color-white)'}
              stroke="var(--mantine-color-gray-5)"
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
              onMouseEnter={() => setHover(c.name)}
              onMouseLeave={() => setHover(null)}
            >
              <title>{c.name}</title>
            </path>
          ))}
        </g>
        <g>
          {m.venues.map((v) => (
            <circle
              key={v.id}
              cx={v.x}
              cy={v.y}
              r={r}
              fill={KIND_COLOURS[v.kind] ?? '#525252'}
              stroke="#fff"
              strokeWidth={1}
              vectorEffect="non-scaling-stroke"
              style={{ cursor: props.onPick ? 'pointer' : undefined }}
              onClick={props.onPick ? () => props.onPick!(v.id) : undefined}
              onMouseEnter={() => setHover(`${v.name} · ${kindLabel(v.kind, lang)}`)}
              onMouseLeave={() => setHover(null)}
            >
              <title>{`${v.name} · ${kindLabel(v.kind, lang)}`}</title>
            </circle>
          ))}
        </g>
      </Box>
      <Text size="sm" mih={22} aria-live="polite">{hover ?? ''}</Text>
      <Group gap={6} mt={4}>
        {kinds.map((k) => (
          <Badge key={k} variant="outline" color="gray" leftSection={<Box component="span" w={10} h={10} style={{ display: 'inline-block', borderRadius: 5, background: KIND_COLOURS[k] }} />}>
            {kindLabel(k, lang)}
          </Badge>
        ))}
      </Group>
      {m.unplaced > 0 && <Text size="xs" c="dimmed" mt={4}>{t('venues.map.unplaced', { n: num(m.unplaced) })}</Text>}
    </Box>
  );
}
