export { extract } from './extract';
export type { Page } from './page';
export { ExtractionError, EmptyDocumentError, MarkupTooDeepError, UnsupportedFormatError } from './errors';
export { decodePage, MAX_PAGE_BYTES } from './decode/decode-page';
export { CorruptCompressionError, PageTooLargeError } from './decode/errors';
export { runCli, type Io as CliIo } from './cli/run';
