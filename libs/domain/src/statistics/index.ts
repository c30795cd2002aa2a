export * from './unit-report';
