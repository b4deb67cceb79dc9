// The intake module's public functions: the only import other modules may use.
export { declarationRoutes } from './routes.declarations.ts';
export { checkpointRoutes } from './routes.checkpoints.ts';
export { checkinRoutes } from './routes.checkins.ts';
export { startCheckinCatchup } from './catchup.ts';
export { runRescreens, startRescreens } from './rescreen.ts';
export { purgeCheckins } from './checkins.queries.ts';
export { purgeDeclarations } from './declarations.ts';
export { purgeReports } from './reports.ts';
export { screenExposure } from './screening.ts';
export type { ExposureReport } from './screening.rules.ts';
