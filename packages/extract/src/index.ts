export { extract } from './extract';
export type { Page } from './page';
export { ExtractionError, EmptyDocumentError, MarkupTooDeepError, UnsupportedFormatError } from './errors';
export { decodePage, MAX_PAGE_BYTES } from './decode/decode-page';
export { CorruptCompressionError, PageTooLargeError } from './decode/errors';
export { runCli, type Io as CliIo } from './cli/run';
export { extractWithRules, type ReadBy } from './rules/extract-with-rules';
export { operatorHint, LARGE_PAGE_HINT, RULES_MISSED_HINT } from './rules/hint';
export { extractorVersion } from './version';
