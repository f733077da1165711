export { shortHash, contentHash } from './hash';
export { normalizeText } from './normalize';
export { ids } from './ids';
export { entryContentHash } from './content';
