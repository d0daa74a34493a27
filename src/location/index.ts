export * from './location';
export * from './uris';
export * from './args';
export * from './pathNames';
