// The people module's public functions: the only import other modules may use.
export { createPerson, getPerson, mergePeople, personBasics, purgePeople, searchPeople, updatePerson } from './service.ts';
export { peopleRoutes } from './routes.ts';
