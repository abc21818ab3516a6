export * from './compute';
export * from './pareto';
export * from './dashboard';
