// The tracing module's public functions: the only import other modules may use.
export { retrace, computeTraces, ensureTraces, rulesInForce, touched } from './service.ts';
export { createCase, getCase, listCases } from './service.cases.ts';
export { tracingRoutes } from './routes.ts';
export { graphRoutes } from './graph.routes.ts';
export { clusters, clusterGraph, nodeDetail } from './graph.ts';
export { attachCheckinIndex, bumpCheckinEpoch, CheckinIndex, CHECKIN_WRITE_LOCK, checkinIndexOf, readHorizon, startCheckinIndex } from './checkinIndex.ts';
