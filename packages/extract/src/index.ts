export { extract } from './extract';
export type { Page } from './page';
export { ExtractionError, EmptyDocumentError, UnsupportedFormatError } from './errors';
