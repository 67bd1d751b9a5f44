import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { GetPaymentRequest as _payment_v1_GetPaymentRequest, GetPaymentRequest__Output as _payment_v1_GetPaymentRequest__Output } from './payment/v1/GetPaymentRequest';
import type { GetSagaTimelineRequest as _payment_v1_GetSagaTimelineRequest, GetSagaTimelineRequest__Output as _payment_v1_GetSagaTimelineRequest__Output } from './payment/v1/GetSagaTimelineRequest';
import type { Payment as _payment_v1_Payment, Payment__Output as _payment_v1_Payment__Output } from './payment/v1/Payment';
import type { PaymentServiceClient as _payment_v1_PaymentServiceClient, PaymentServiceDefinition as _payment_v1_PaymentServiceDefinition } from './payment/v1/PaymentService';
import type { SagaStep as _payment_v1_SagaStep, SagaStep__Output as _payment_v1_SagaStep__Output } from './payment/v1/SagaStep';
import type { SagaTimeline as _payment_v1_SagaTimeline, SagaTimeline__Output as _payment_v1_SagaTimeline__Output } from './payment/v1/SagaTimeline';
import type { StartPaymentRequest as _payment_v1_StartPaymentRequest, StartPaymentRequest__Output as _payment_v1_StartPaymentRequest__Output } from './payment/v1/StartPaymentRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  payment: {
    v1: {
      GetPaymentRequest: MessageTypeDefinition<_payment_v1_GetPaymentRequest, _payment_v1_GetPaymentRequest__Output>
      GetSagaTimelineRequest: MessageTypeDefinition<_payment_v1_GetSagaTimelineRequest, _payment_v1_GetSagaTimelineRequest__Output>
      Payment: MessageTypeDefinition<_payment_v1_Payment, _payment_v1_Payment__Output>
      PaymentService: SubtypeConstructor<typeof grpc.Client, _payment_v1_PaymentServiceClient> & { service: _payment_v1_PaymentServiceDefinition }
      SagaStep: MessageTypeDefinition<_payment_v1_SagaStep, _payment_v1_SagaStep__Output>
      SagaTimeline: MessageTypeDefinition<_payment_v1_SagaTimeline, _payment_v1_SagaTimeline__Output>
      StartPaymentRequest: MessageTypeDefinition<_payment_v1_StartPaymentRequest, _payment_v1_StartPaymentRequest__Output>
    }
  }
}

