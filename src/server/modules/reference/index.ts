// The reference module's public functions: the only import other modules may use.
export { communeExists, communeNames, importUnits, listAgencies, listUnits, provinceCommunes, ruleInForce, rulesInForceOn, seedReference } from './service.ts';
export { referenceRoutes } from './routes.ts';
