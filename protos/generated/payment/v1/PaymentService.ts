// Original file: payment/v1/payment.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { GetPaymentRequest as _payment_v1_GetPaymentRequest, GetPaymentRequest__Output as _payment_v1_GetPaymentRequest__Output } from '../../payment/v1/GetPaymentRequest';
import type { GetSagaTimelineRequest as _payment_v1_GetSagaTimelineRequest, GetSagaTimelineRequest__Output as _payment_v1_GetSagaTimelineRequest__Output } from '../../payment/v1/GetSagaTimelineRequest';
import type { Payment as _payment_v1_Payment, Payment__Output as _payment_v1_Payment__Output } from '../../payment/v1/Payment';
import type { SagaTimeline as _payment_v1_SagaTimeline, SagaTimeline__Output as _payment_v1_SagaTimeline__Output } from '../../payment/v1/SagaTimeline';
import type { StartPaymentRequest as _payment_v1_StartPaymentRequest, StartPaymentRequest__Output as _payment_v1_StartPaymentRequest__Output } from '../../payment/v1/StartPaymentRequest';

export interface PaymentServiceClient extends grpc.Client {
  GetPayment(argument: _payment_v1_GetPaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  GetPayment(argument: _payment_v1_GetPaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  GetPayment(argument: _payment_v1_GetPaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  GetPayment(argument: _payment_v1_GetPaymentRequest, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  getPayment(argument: _payment_v1_GetPaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  getPayment(argument: _payment_v1_GetPaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  getPayment(argument: _payment_v1_GetPaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  getPayment(argument: _payment_v1_GetPaymentRequest, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  
  GetSagaTimeline(argument: _payment_v1_GetSagaTimelineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_SagaTimeline__Output>): grpc.ClientUnaryCall;
  GetSagaTimeline(argument: _payment_v1_GetSagaTimelineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_payment_v1_SagaTimeline__Output>): grpc.ClientUnaryCall;
  GetSagaTimeline(argument: _payment_v1_GetSagaTimelineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_SagaTimeline__Output>): grpc.ClientUnaryCall;
  GetSagaTimeline(argument: _payment_v1_GetSagaTimelineRequest, callback: grpc.requestCallback<_payment_v1_SagaTimeline__Output>): grpc.ClientUnaryCall;
  getSagaTimeline(argument: _payment_v1_GetSagaTimelineRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_SagaTimeline__Output>): grpc.ClientUnaryCall;
  getSagaTimeline(argument: _payment_v1_GetSagaTimelineRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_payment_v1_SagaTimeline__Output>): grpc.ClientUnaryCall;
  getSagaTimeline(argument: _payment_v1_GetSagaTimelineRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_SagaTimeline__Output>): grpc.ClientUnaryCall;
  getSagaTimeline(argument: _payment_v1_GetSagaTimelineRequest, callback: grpc.requestCallback<_payment_v1_SagaTimeline__Output>): grpc.ClientUnaryCall;
  
  StartPayment(argument: _payment_v1_StartPaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  StartPayment(argument: _payment_v1_StartPaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  StartPayment(argument: _payment_v1_StartPaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  StartPayment(argument: _payment_v1_StartPaymentRequest, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  startPayment(argument: _payment_v1_StartPaymentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  startPayment(argument: _payment_v1_StartPaymentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  startPayment(argument: _payment_v1_StartPaymentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  startPayment(argument: _payment_v1_StartPaymentRequest, callback: grpc.requestCallback<_payment_v1_Payment__Output>): grpc.ClientUnaryCall;
  
}

export interface PaymentServiceHandlers extends grpc.UntypedServiceImplementation {
  GetPayment: grpc.handleUnaryCall<_payment_v1_GetPaymentRequest__Output, _payment_v1_Payment>;
  
  GetSagaTimeline: grpc.handleUnaryCall<_payment_v1_GetSagaTimelineRequest__Output, _payment_v1_SagaTimeline>;
  
  StartPayment: grpc.handleUnaryCall<_payment_v1_StartPaymentRequest__Output, _payment_v1_Payment>;
  
}

export interface PaymentServiceDefinition extends grpc.ServiceDefinition {
  GetPayment: MethodDefinition<_payment_v1_GetPaymentRequest, _payment_v1_Payment, _payment_v1_GetPaymentRequest__Output, _payment_v1_Payment__Output>
  GetSagaTimeline: MethodDefinition<_payment_v1_GetSagaTimelineRequest, _payment_v1_SagaTimeline, _payment_v1_GetSagaTimelineRequest__Output, _payment_v1_SagaTimeline__Output>
  StartPayment: MethodDefinition<_payment_v1_StartPaymentRequest, _payment_v1_Payment, _payment_v1_StartPaymentRequest__Output, _payment_v1_Payment__Output>
}
