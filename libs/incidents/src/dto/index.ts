export * from './incident.dto';
export * from './incident.view';
