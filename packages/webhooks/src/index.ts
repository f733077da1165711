export { generateSecret, signature, signedHeaders } from './signature';
export { deliveryBody } from './payload';
export { factsOf, needsEntry, wants, type Subscription } from './matching';
export { DeliveryOrder, eventIdOf, orderMember, type PredecessorState } from './delivery-order';
export { DeliveryError } from './errors';
export { createWebhookAgent, postWebhook, type PostLimits } from './post-webhook';
export { DeliveryMetrics } from './delivery-metrics';
export { Deliverer, type DelivererOptions } from './deliverer';
export { WebhookDispatcher, type DispatcherOptions } from './dispatcher';
