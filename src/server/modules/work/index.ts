// The work module's public functions: the only import other modules may use.
export { listWork, updateWork } from './service.ts';
export { workRoutes } from './routes.ts';
