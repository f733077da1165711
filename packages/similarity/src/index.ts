export { assignCluster } from './cluster';
export type { ClusterAssignment, ClusteredCandidate, NewEntry } from './cluster';
export { bandDigests, containment, minhashSignature, shingleSet } from './minhash';
export type { ShingleSet } from './minhash';
export { MinHashIndex, SIMILARITY_PARTITIONS, similarityPartitionOf, similarityTag } from './minhash-index';
export type { MinHashCandidate, MinHashEntry, MinHashIndexOptions } from './minhash-index';
export { DEFAULT_WINDOW_MS, MINHASH_CHOSEN } from './config';
export { CorruptIndexError, SimilarityConfigError, SimilarityError } from './errors';
