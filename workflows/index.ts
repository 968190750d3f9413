// Every workflow the worker runs.
export { caseLifecycle } from './caseLifecycle';
