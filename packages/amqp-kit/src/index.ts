export { AmqpBroker, type BrokerOptions, type ConsumeOptions } from './broker';
export { PublishFailed } from './confirm-publisher';
export { ParkedInspector } from './parked-inspector';
export { parkedCounts, peekParked, replayParked, type ParkedMessage } from './parked';
export type { DeliveryContext, MessageHandler } from './consumer';
export { HEADERS, newEnvelope, decodeMessage, failedAttempts, MalformedMessage, type MessageEnvelope } from './envelope';
export { OutboxRelay, type OutboxEntry, type OutboxSource, type ConfirmedPublisher, type RelayOptions } from './outbox-relay';
export {
  declareTopology,
  deleteTopology,
  deadLetterCounts,
  deadLetterNames,
  retryQueueOf,
  parkingQueueOf,
  type Topology,
  type QueueSpec,
  type ExchangeSpec,
  type BindingSpec,
} from './topology';
export {
  SAGA_MESSAGES,
  sagaNames,
  sagaTopology,
  type SagaMessageType,
  type SeatCommand,
  type SeatOutcome,
  type WalletCommand,
  type WalletOutcome,
  type SagaTopologyOptions,
} from './saga-contract';
export { startSagaParticipant, type ParticipantOptions, type ParticipantWiring } from './saga-participant';
