export * from './iso2859';
export * from './lot';
export * from './sample';
export * from './sheet';
export * from './tracker';
export * from './kpi';
export * from './instructions';
export * from './dashboard';
