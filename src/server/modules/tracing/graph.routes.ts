import { ClusterList, ClusterQuery, Graph, GraphQuery, NodeDetail, NodeParams } from '../../../contracts/tracingGraph.ts';
import { TracingPurpose } from '../../../contracts/tracing.ts';
import type { App } from '../../platform/context.ts';
import type { Http } from '../../platform/http/server.ts';
import { clusterGraph, clusters, nodeDetail } from './graph.ts';

export function graphRoutes(http: Http, app: App) {
  http.get('/api/tracing/clusters', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Các chuỗi lây nhiễm (cụm ca bệnh liên quan) / transmission clusters', querystring: ClusterQuery, response: { 200: ClusterList } },
  }, async (req) => clusters(app.db, req.actor!, req.query));

  http.get('/api/tracing/graph', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Sơ đồ chuỗi lây: ca bệnh, F1/F2 và liên kết / graph of a cluster: cases, F1/F2 and links', querystring: GraphQuery, response: { 200: Graph } },
  }, async (req) => clusterGraph(app.db, req.actor!, req.query));

  http.get('/api/tracing/graph/nodes/:personId', {
    config: { access: 'tracing.read' },
    schema: { tags: ['tracing'], summary: 'Chi tiết một người trên sơ đồ và nguồn gốc phân loại / a person on the graph and their provenance', params: NodeParams, querystring: TracingPurpose, response: { 200: NodeDetail } },
  }, async (req) => nodeDetail(app.db, req.actor!, req.params.personId, req.query.purpose));
}
