export * from './data-source';
export { migrations } from './migrations';
