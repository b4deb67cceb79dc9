// Transmission chains (/tracing/chains): on the left the clusters of linked cases, filtered by date range and
// commune; in the main area the selected cluster drawn with sigma.js (WebGL) over a graphology graph, laid out
// by ForceAtlas2 from deterministic starting positions (small graphs at once, large ones in a web worker of
// ours for a bounded time, redrawn every few seconds). Clicking a person opens a side panel with their classification and its chain in
// words. People outside the reader's area come as neutral labels ('F1 #123') and their panel is not requested.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { Link, useSearchParams } from 'react-router';
import {
  Anchor, Badge, Box, Button, Card, Drawer, Grid, Group, List, Loader, NativeSelect, NavLink, ScrollArea, Select, Stack, Text,
  TextInput, Title,
} from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import GraphModule from 'graphology';
import Sigma from 'sigma';
import forceAtlas2Module from 'graphology-layout-forceatlas2';
import type { z } from 'zod';
import type { ClusterList } from '../../contracts/tracingGraph.ts';
import { api, buildQuery } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { translateChains, type ChainsKey, type ChainsT } from '../i18n.chains.ts';
import { formatDate, formatDateTimeMinutes } from '../lib/format.ts';
import { usePurpose, type Purpose } from '../lib/purpose.ts';
import { selectLabelProps, useCommunes } from '../lib/reference.ts';
import {
  COLORS, detailNames, EDGE_COLORS, layoutPlan, nodeColor, nodeSize, seedPositions, stepText, type ClusterT, type GraphT, type NodeDetailT,
  type NodeT, type Step,
} from '../lib/chains.ts';
import type { LayoutStart, LayoutUpdate } from '../lib/chainsLayout.worker.ts';
import { PageHeader } from '../components/Page.tsx';
import { ErrorAlert, Loading, Notice } from '../components/Status.tsx';

type ClusterListT = z.infer<typeof ClusterList>;

/** graphology and the ForceAtlas2 layout are CommonJS (or dual) packages: TypeScript (NodeNext) sees their
 * export under `.default`, the bundler hands it over directly. */
function interop<T>(m: T): T extends { default: infer D } ? D : T {
  return ((m as { default?: unknown }).default ?? m) as never;
}
const Graph = interop(GraphModule);
const forceAtlas2 = interop(forceAtlas2Module);
/** How often the layout worker sends positions: each is a redraw of the whole graph, which took about a second
 * of the page's time for 10,000 nodes on the benchmark machine (no GPU). */
const LAYOUT_SYNC_MS = 2_500;

/** Query keys under ['tracing'], so that any tracing write refreshes them. */
const chainKeys = {
  clusters: (f: Filters, purpose: Purpose) => ['tracing', 'chains', 'clusters', f, purpose] as const,
  graph: (id: number, f: Filters, level: string, purpose: Purpose) => ['tracing', 'chains', 'graph', id, f, level, purpose] as const,
  node: (id: number, purpose: Purpose) => ['tracing', 'chains', 'node', id, purpose] as const,
};

type Filters = { from: string; to: string; commune: string };

const isDate = (v: string | null): v is string => v !== null && /^\d{4}-\d{2}-\d{2}$/.test(v);
const levelText = (n: Pick<NodeT, 'kind' | 'level'>) => (n.kind === 'case' ? 'F0' : `F${n.level}`);

function useChainsT(): ChainsT {
  const { lang } = useI18n();
  return useCallback((key: ChainsKey, params) => translateChains(lang, key, params), [lang]);
}

export function ChainsPage(): ReactNode {
  const tc = useChainsT();
  const { t } = useI18n();
  const purpose = usePurpose();
  const communes = useCommunes();
  const [params, setParams] = useSearchParams();

  const filters: Filters = {
    from: isDate(params.get('from')) ? params.get('from')! : '',
    to: isDate(params.get('to')) ? params.get('to')! : '',
    commune: /^\d{5}$/.test(params.get('commune') ?? '') ? params.get('commune')! : '',
  };
  const level = /^[1-9]$/.test(params.get('level') ?? '') ? params.get('level')! : '';
  const selected = /^\d{1,15}$/.test(params.get('cluster') ?? '') ? Number(params.get('cluster')) : null;
  const rangeOk = !filters.from || !filters.to || filters.from <= filters.to;
  const hasFilters = !!(filters.from || filters.to || filters.commune || level);

  const update = (changes: Partial<Filters & { level: string; cluster: string }>) => {
    setParams((prev) => {
      const next = new URLSearchParams(prev);
      for (const [k, v] of Object.entries(changes)) {
        if (v) next.set(k, v);
        else next.delete(k);
      }
      return next;
    }, { replace: true });
  };

  const list = useQuery({
    queryKey: chainKeys.clusters(filters, purpose),
    queryFn: ({ signal }) => api.get<ClusterListT>(`/api/tracing/clusters${buildQuery({ ...filters, purpose })}`, { signal }),
    enabled: rangeOk,
    placeholderData: keepPreviousData,
  });
  const graph = useQuery({
    queryKey: chainKeys.graph(selected ?? 0, filters, level, purpose),
    queryFn: ({ signal }) =>
      api.get<GraphT>(`/api/tracing/graph${buildQuery({ clusterId: selected, ...filters, maxLevel: level, purpose })}`, { signal }),
    enabled: selected !== null && rangeOk,
    placeholderData: keepPreviousData,
  });
  const [picked, setPicked] = useState<NodeT | null>(null);
  const data = selected !== null ? graph.data : undefined;
  const code = (data && data.nodes.find((n) => n.kind === 'case' && n.caseId === data.clusterId)?.label)
    ?? list.data?.items.find((c) => c.id === selected)?.indexCaseCode ?? `#${selected}`;

  return (
    <Stack gap="md">
      <PageHeader title={tc('chains.title')} />
      <Grid gutter="md">
        <Grid.Col span={{ base: 12, md: 4, xl: 3 }}>
          <Card withBorder>
            <Stack gap="xs">
              <Title order={2} size="h5">{tc('chains.filters')}</Title>
              <Text size="xs" c="dimmed">{tc('chains.filtersHint')}</Text>
              <Group grow gap="xs" align="flex-start">
                <TextInput type="date" label={tc('chains.from')} value={filters.from} onChange={(e) => update({ from: e.currentTarget.value })} />
                <TextInput
                  type="date"
                  label={tc('chains.to')}
                  value={filters.to}
                  onChange={(e) => update({ to: e.currentTarget.value })}
                  error={rangeOk ? null : t('tracing.form.dateInvalid')}
                />
              </Group>
              <Select
                {...selectLabelProps('chains-commune')}
                label={t('person.commune')}
                placeholder={tc('chains.anyCommune')}
                data={communes.optionsFor(filters.commune ? [filters.commune] : [])}
                value={filters.commune || null}
                onChange={(v) => update({ commune: v ?? '' })}
                searchable
                clearable
                nothingFoundMessage={tc('chains.noCommune')}
              />
              {hasFilters && (
                <Button variant="subtle" size="xs" onClick={() => update({ from: '', to: '', commune: '', level: '' })}>
                  {t('common.clearFilters')}
                </Button>
              )}
            </Stack>
          </Card>
          <Card withBorder mt="md" p="xs">
            <Title order={2} size="h5" px="xs" pt={4}>{tc('chains.list')}</Title>
            <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
            {list.isPending && rangeOk ? (
              <Loading />
            ) : list.data ? (
              <>
                <Text size="xs" c="dimmed" px="xs" mb={4} role="status" aria-live="polite">
                  {tc('chains.listTotal', { n: list.data.items.length })}
                  {list.data.truncated && ` · ${tc('chains.listTruncated', { n: list.data.items.length })}`}
                </Text>
                {list.data.items.length === 0 ? (
                  <Text size="sm" px="xs">{tc('chains.none')}</Text>
                ) : (
                  <ScrollArea.Autosize mah="60vh" type="auto">
                    <nav aria-label={tc('chains.list')}>
                      {list.data.items.map((c) => (
                        <ClusterItem key={c.id} cluster={c} active={c.id === selected} tc={tc} nameOf={communes.nameOf}
                          onPick={() => { setPicked(null); update({ cluster: String(c.id) }); }} />
                      ))}
                    </nav>
                  </ScrollArea.Autosize>
                )}
              </>
            ) : null}
          </Card>
        </Grid.Col>

        <Grid.Col span={{ base: 12, md: 8, xl: 9 }}>
          <Card withBorder>
            {selected === null ? (
              <Text size="sm" c="dimmed">{tc('chains.pick')}</Text>
            ) : (
              <Stack gap="xs">
                <Group justify="space-between" align="flex-end" gap="xs">
                  <Title order={2} size="h4">{tc('chains.graph', { code })}</Title>
                  <NativeSelect
                    label={tc('chains.maxLevel')}
                    value={level}
                    onChange={(e) => update({ level: e.currentTarget.value })}
                    data={[{ value: '', label: tc('chains.level.any') }, ...[1, 2, 3].map((n) => ({ value: String(n), label: tc('chains.level.upTo', { n }) }))]}
                    w={150}
                  />
                </Group>
                <ErrorAlert error={graph.error} onRetry={() => void graph.refetch()} />
                {graph.isPending && rangeOk ? <Loading /> : data ? (
                  <GraphPanel data={data} fetching={graph.isFetching} tc={tc} onPick={setPicked} />
                ) : null}
              </Stack>
            )}
          </Card>
        </Grid.Col>
      </Grid>

      <Drawer opened={picked !== null} onClose={() => setPicked(null)} position="right" size="md" title={tc('chains.panel.title')}
        closeButtonProps={{ 'aria-label': t('common.close') }}>
        {picked && <NodePanel node={picked} tc={tc} purpose={purpose} />}
      </Drawer>
    </Stack>
  );
}

function ClusterItem(props: { cluster: ClusterT; active: boolean; tc: ChainsT; nameOf: (code: string) => string; onPick: () => void }): ReactNode {
  const { cluster: c, tc } = props;
  const { num } = useI18n();
  const first = formatDate(c.firstConfirmedAt);
  const last = formatDate(c.lastConfirmedAt);
  return (
    <NavLink
      component="button"
      type="button"
      active={props.active}
      aria-current={props.active ? 'true' : undefined}
      onClick={props.onPick}
      label={<Text fw={600} size="sm">{tc('chains.item', { code: c.indexCaseCode })}</Text>}
      description={
        <>
          <Text span size="xs" display="block">{tc('chains.itemCounts', { cases: num(c.caseCount), people: num(c.personCount) })}</Text>
          <Text span size="xs" display="block">{first === last ? first : `${first} – ${last}`}</Text>
          <Text span size="xs" display="block" c="dimmed" lineClamp={2}>{c.communes.map(props.nameOf).join(', ')}</Text>
        </>
      }
    />
  );
}

function GraphPanel(props: { data: GraphT; fetching: boolean; tc: ChainsT; onPick: (n: NodeT) => void }): ReactNode {
  const { data, tc } = props;
  const { num } = useI18n();
  const c = data.counts;
  const more = Object.entries(c.byLevel).reduce((s, [lv, n]) => s + (Number(lv) >= 3 ? n : 0), 0);
  const cases = useMemo(() => data.nodes.filter((n) => n.kind === 'case'), [data]);
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text size="sm" role="status" aria-live="polite">
          {tc('chains.counts', {
            cases: num(c.cases), f1: num(c.byLevel['1'] ?? 0), f2: num(c.byLevel['2'] ?? 0), more: num(more), hidden: num(c.hidden),
          })}
        </Text>
        {props.fetching && <Loader size="xs" aria-hidden />}
      </Group>
      {data.truncated && (
        <Notice color="yellow" kind="note">
          <Text size="sm">{tc('chains.truncated', { shown: num(data.nodes.length), total: num(c.matching) })}</Text>
        </Notice>
      )}
      {data.nodes.length === 0 ? (
        <Text size="sm">{tc('chains.empty')}</Text>
      ) : (
        <SigmaView data={data} tc={tc} onPick={props.onPick} />
      )}
      <Legend tc={tc} />
      {cases.length > 0 && (
        <Box>
          <Text size="sm" fw={600} mb={4}>{tc('chains.casesInChain')}</Text>
          <Group gap={6}>
            {cases.map((n) => (
              <Button key={n.id} size="compact-xs" variant="light" color={n.hidden ? 'gray' : 'red'} onClick={() => props.onPick(n)}>
                {n.label}
              </Button>
            ))}
          </Group>
        </Box>
      )}
    </Stack>
  );
}

function SigmaView(props: { data: GraphT; tc: ChainsT; onPick: (n: NodeT) => void }): ReactNode {
  const { data, tc } = props;
  const container = useRef<HTMLDivElement>(null);
  const onPick = useRef(props.onPick);
  onPick.current = props.onPick;
  const stop = useRef<() => void>(() => {});
  const [running, setRunning] = useState(false);
  const [failed, setFailed] = useState(false);
  const [run, setRun] = useState(0);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const g = new Graph({ type: 'directed', allowSelfLoops: false });
    const positions = seedPositions(data.nodes, data.edges);
    const byKey = new Map<string, NodeT>();
    for (const n of data.nodes) {
      const p = positions.get(n.id) ?? { x: 0, y: 0 };
      byKey.set(String(n.id), n);
      g.addNode(String(n.id), { x: p.x, y: p.y, size: nodeSize(n, data.nodes.length), color: nodeColor(n), label: n.label, zIndex: n.kind === 'case' ? 1 : 0 });
    }
    for (const e of data.edges) {
      const [s, t] = [String(e.source), String(e.target)];
      if (!g.hasNode(s) || !g.hasNode(t) || g.hasEdge(s, t)) continue;
      const transmission = e.kind === 'transmission';
      g.addDirectedEdge(s, t, { color: EDGE_COLORS[e.kind], size: transmission ? 3 : 1, type: transmission ? 'arrow' : 'line', zIndex: transmission ? 1 : 0 });
    }
    const plan = layoutPlan(g.order);
    if (plan.mode === 'sync' && g.order > 1) forceAtlas2.assign(g, { iterations: plan.iterations, settings: forceAtlas2.inferSettings(g) });

    let renderer: Sigma | null = null;
    try {
      renderer = new Sigma(g, el, { zIndex: true, labelRenderedSizeThreshold: 7, labelDensity: 0.4, hideEdgesOnMove: g.size > 5000 });
    } catch {
      setFailed(true);
      return;
    }
    setFailed(false);
    renderer.on('clickNode', ({ node }) => {
      const n = byKey.get(node);
      if (n) onPick.current(n);
    });
    renderer.on('enterNode', () => { el.style.cursor = 'pointer'; });
    renderer.on('leaveNode', () => { el.style.cursor = ''; });

    // Large graphs settle in a worker that sends positions a few times a second (chainsLayout.worker.ts): each
    // update is one redraw of every node, and in between the page stays free for the officer.
    let layout: Worker | null = null;
    if (plan.mode === 'worker') {
      const keys = g.nodes();
      const xs = new Float32Array(keys.length);
      const ys = new Float32Array(keys.length);
      const at = new Map(keys.map((k, i) => [k, i]));
      keys.forEach((k, i) => { xs[i] = g.getNodeAttribute(k, 'x') as number; ys[i] = g.getNodeAttribute(k, 'y') as number; });
      const sources = new Uint32Array(g.size);
      const targets = new Uint32Array(g.size);
      let e = 0;
      g.forEachEdge((_edge, _a, s, t) => { sources[e] = at.get(s)!; targets[e] = at.get(t)!; e++; });
      layout = new Worker(new URL('../lib/chainsLayout.worker.ts', import.meta.url), { type: 'module' });
      layout.onmessage = (m: MessageEvent<LayoutUpdate>) => {
        const p = m.data.positions;
        g.updateEachNodeAttributes((k, a) => {
          const i = at.get(k)!;
          a.x = p[2 * i]!;
          a.y = p[2 * i + 1]!;
          return a;
        }, { attributes: ['x', 'y'] });
        if (m.data.done) stop.current();
      };
      layout.onerror = () => stop.current();
      const start: LayoutStart = { xs, ys, sources, targets, millis: plan.millis, everyMs: LAYOUT_SYNC_MS };
      layout.postMessage(start, [xs.buffer, ys.buffer, sources.buffer, targets.buffer]);
      setRunning(true);
    }
    stop.current = () => {
      layout?.terminate();
      layout = null;
      setRunning(false);
    };
    return () => {
      layout?.terminate();
      renderer?.kill();
      stop.current = () => {};
      setRunning(false);
    };
  }, [data, run]);

  return (
    <Stack gap={4}>
      {failed && <Notice color="gray" kind="note"><Text size="sm">{tc('chains.noWebgl')}</Text></Notice>}
      <Group gap="xs" justify="flex-end" mih={26}>
        {running && (
          <>
            <Loader size="xs" aria-hidden />
            <Text size="xs" c="dimmed" role="status">{tc('chains.layoutRunning')}</Text>
            <Button size="compact-xs" variant="default" onClick={() => stop.current()}>{tc('chains.layoutStop')}</Button>
          </>
        )}
        {!running && !failed && layoutPlan(data.nodes.length).mode === 'worker' && (
          <Button size="compact-xs" variant="subtle" onClick={() => setRun((r) => r + 1)}>{tc('chains.layoutRerun')}</Button>
        )}
      </Group>
      <div
        ref={container}
        role="img"
        aria-label={tc('chains.graphLabel', { nodes: data.nodes.length, edges: data.edges.length })}
        style={{ height: 'max(420px, 62vh)', width: '100%', border: '1px solid var(--mantine-color-gray-3)', borderRadius: 4, display: failed ? 'none' : undefined }}
      />
    </Stack>
  );
}

function Legend(props: { tc: ChainsT }): ReactNode {
  const { tc } = props;
  const dot = (color: string, label: string) => (
    <Group gap={4} key={label} wrap="nowrap">
      <Box w={10} h={10} style={{ borderRadius: '50%', background: color }} aria-hidden />
      <Text size="xs">{label}</Text>
    </Group>
  );
  const line = (color: string, label: string, thick = false) => (
    <Group gap={4} key={label} wrap="nowrap">
      <Box w={18} h={thick ? 3 : 1.5} style={{ background: color }} aria-hidden />
      <Text size="xs">{label}</Text>
    </Group>
  );
  return (
    <Group gap="md" aria-label={tc('chains.legend')} role="group">
      {dot(COLORS.case, tc('chains.legend.f0'))}
      {dot(COLORS.f1, tc('chains.legend.f1'))}
      {dot(COLORS.f2, tc('chains.legend.f2'))}
      {dot(COLORS.more, tc('chains.legend.more'))}
      {dot(COLORS.hidden, tc('chains.legend.hidden'))}
      {line(EDGE_COLORS.transmission, tc('chains.legend.transmission'), true)}
      {line(EDGE_COLORS.household, tc('chains.legend.household'))}
      {line(EDGE_COLORS.contact, tc('chains.legend.contact'))}
      {line(EDGE_COLORS.venue, tc('chains.legend.venue'))}
    </Group>
  );
}

function NodePanel(props: { node: NodeT; tc: ChainsT; purpose: Purpose }): ReactNode {
  const { node, tc, purpose } = props;
  const { t, num } = useI18n();
  const communes = useCommunes();
  const detail = useQuery({
    queryKey: chainKeys.node(node.id, purpose),
    queryFn: ({ signal }) => api.get<NodeDetailT>(`/api/tracing/graph/nodes/${node.id}${buildQuery({ purpose })}`, { signal }),
    // Outside the area the server refuses (and audits the refusal): not asked at all.
    enabled: !node.hidden,
  });
  const header = (
    <Stack gap={2}>
      <Group gap="xs">
        <Badge color={node.kind === 'case' ? 'red' : node.hidden ? 'gray' : 'orange'} variant="light">{levelText(node)}</Badge>
        <Text fw={700}>{node.label}</Text>
      </Group>
      <Text size="sm" c="dimmed">
        {formatDateTimeMinutes(node.date)} · {communes.nameOf(node.communeCode)}
      </Text>
    </Stack>
  );
  if (node.hidden) {
    return (
      <Stack gap="sm">
        {header}
        <Notice color="gray" kind="note"><Text size="sm">{tc('chains.panel.outside')}</Text></Notice>
      </Stack>
    );
  }
  if (detail.isPending) return <Stack gap="sm">{header}<Loading /></Stack>;
  if (detail.isError) return <Stack gap="sm">{header}<ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} /></Stack>;
  const d = detail.data;
  const nameOf = detailNames(d, tc);
  const venues = new Map(d.venues.map((v) => [v.id, v.name]));
  const venueOf = (id: number) => venues.get(id) ?? tc('chains.venueUnknown', { id });
  const chainList = (chain: Step[]) => (
    <List type="ordered" size="sm" spacing={4}>
      {chain.map((s) => <List.Item key={`${s.level}:${s.personId}`}>{stepText(s, tc, nameOf, venueOf)}</List.Item>)}
    </List>
  );
  const tm = (v: string) => formatDateTimeMinutes(v) || t('common.none');

  return (
    <Stack gap="md">
      {header}
      <Box>
        <Title order={3} size="h6">{tc('chains.panel.person')}</Title>
        <Anchor component={Link} to={`/people/${d.person.id}`}>{d.person.fullName}</Anchor>
        <Text size="sm">{communes.nameOf(d.person.communeCode)}</Text>
      </Box>

      {d.case && (
        <Box>
          <Title order={3} size="h6">{tc('chains.panel.case')}</Title>
          <Text size="sm">
            {d.case.code} · {t(`caseStatus.${d.case.status}`)}
          </Text>
          <Text size="sm">{tc('chains.panel.confirmedAt')}: {tm(d.case.confirmedAt)}</Text>
          <Text size="sm">{tc('chains.panel.infectious')}: {tm(d.case.infectiousFrom)} – {tm(d.case.infectiousTo)}</Text>
          <Text size="sm">{tc('chains.panel.counts')}: {num(d.case.f1)} / {num(d.case.f2)}</Text>
          <Button component={Link} to={`/tracing/cases/${d.case.id}`} size="xs" variant="light" mt={6}>
            {tc('chains.panel.openCase', { code: d.case.code })}
          </Button>
          <Title order={4} size="h6" mt="sm">{tc('chains.panel.source')}</Title>
          {d.case.source ? (
            <>
              <Text size="sm" mb={4}>
                {tc('chains.panel.sourceText', { level: `F${d.case.source.level}` })}{' '}
                <Anchor component={Link} to={`/tracing/cases/${d.case.source.caseId}`} size="sm">{d.case.source.caseCode}</Anchor>
              </Text>
              {chainList(d.case.source.chain)}
            </>
          ) : (
            <Text size="sm" c="dimmed">{tc('chains.panel.noSource')}</Text>
          )}
        </Box>
      )}

      {d.classification ? (
        <Box>
          <Title order={3} size="h6">{tc('chains.panel.classification')}</Title>
          <Text size="sm">
            {tc('chains.panel.classText', {
              level: `F${d.classification.level}`, code: d.classification.caseCode ?? `#${d.classification.caseId}`, time: tm(d.classification.exposedAt),
            })}
          </Text>
          <Text size="xs" c="dimmed">{tc(`chains.panel.status.${d.classification.status}`)}</Text>
          <Title order={4} size="h6" mt="sm">{tc('chains.panel.chain')}</Title>
          {chainList(d.classification.chain)}
          <Anchor component={Link} to={`/tracing/cases/${d.classification.caseId}`} size="sm">
            {tc('chains.panel.openCase', { code: d.classification.caseCode ?? `#${d.classification.caseId}` })}
          </Anchor>
        </Box>
      ) : !d.case ? (
        <Text size="sm" c="dimmed">{tc('chains.panel.noClassification')}</Text>
      ) : null}
    </Stack>
  );
}
