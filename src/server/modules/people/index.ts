// The people module's public functions: the only import other modules may use.
export { createPerson, getPerson, mergePeople, personBasics, purgePeople, searchPeople, updatePerson } from './service.ts';
export { peopleRoutes } from './routes.ts';
export { matchOrRegisterPersons, PERSON_ID_LOCK_NS, PERSON_PHONE_LOCK_NS, type PersonMatch, type PersonWanted } from './batch.ts';
