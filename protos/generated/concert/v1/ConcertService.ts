// Original file: concert/v1/concert.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AvailableSeats as _concert_v1_AvailableSeats, AvailableSeats__Output as _concert_v1_AvailableSeats__Output } from '../../concert/v1/AvailableSeats';
import type { Concert as _concert_v1_Concert, Concert__Output as _concert_v1_Concert__Output } from '../../concert/v1/Concert';
import type { GetActiveHoldRequest as _concert_v1_GetActiveHoldRequest, GetActiveHoldRequest__Output as _concert_v1_GetActiveHoldRequest__Output } from '../../concert/v1/GetActiveHoldRequest';
import type { GetConcertRequest as _concert_v1_GetConcertRequest, GetConcertRequest__Output as _concert_v1_GetConcertRequest__Output } from '../../concert/v1/GetConcertRequest';
import type { GetReservationRequest as _concert_v1_GetReservationRequest, GetReservationRequest__Output as _concert_v1_GetReservationRequest__Output } from '../../concert/v1/GetReservationRequest';
import type { HoldSeatRequest as _concert_v1_HoldSeatRequest, HoldSeatRequest__Output as _concert_v1_HoldSeatRequest__Output } from '../../concert/v1/HoldSeatRequest';
import type { ListAvailableSeatsRequest as _concert_v1_ListAvailableSeatsRequest, ListAvailableSeatsRequest__Output as _concert_v1_ListAvailableSeatsRequest__Output } from '../../concert/v1/ListAvailableSeatsRequest';
import type { ListConcertsRequest as _concert_v1_ListConcertsRequest, ListConcertsRequest__Output as _concert_v1_ListConcertsRequest__Output } from '../../concert/v1/ListConcertsRequest';
import type { ListConcertsResponse as _concert_v1_ListConcertsResponse, ListConcertsResponse__Output as _concert_v1_ListConcertsResponse__Output } from '../../concert/v1/ListConcertsResponse';
import type { Reservation as _concert_v1_Reservation, Reservation__Output as _concert_v1_Reservation__Output } from '../../concert/v1/Reservation';
import type { SeatCommandRequest as _concert_v1_SeatCommandRequest, SeatCommandRequest__Output as _concert_v1_SeatCommandRequest__Output } from '../../concert/v1/SeatCommandRequest';

export interface ConcertServiceClient extends grpc.Client {
  ConfirmSeat(argument: _concert_v1_SeatCommandRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  ConfirmSeat(argument: _concert_v1_SeatCommandRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  ConfirmSeat(argument: _concert_v1_SeatCommandRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  ConfirmSeat(argument: _concert_v1_SeatCommandRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  confirmSeat(argument: _concert_v1_SeatCommandRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  confirmSeat(argument: _concert_v1_SeatCommandRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  confirmSeat(argument: _concert_v1_SeatCommandRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  confirmSeat(argument: _concert_v1_SeatCommandRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  
  GetActiveHold(argument: _concert_v1_GetActiveHoldRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  GetActiveHold(argument: _concert_v1_GetActiveHoldRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  GetActiveHold(argument: _concert_v1_GetActiveHoldRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  GetActiveHold(argument: _concert_v1_GetActiveHoldRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  getActiveHold(argument: _concert_v1_GetActiveHoldRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  getActiveHold(argument: _concert_v1_GetActiveHoldRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  getActiveHold(argument: _concert_v1_GetActiveHoldRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  getActiveHold(argument: _concert_v1_GetActiveHoldRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  
  GetConcert(argument: _concert_v1_GetConcertRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Concert__Output>): grpc.ClientUnaryCall;
  GetConcert(argument: _concert_v1_GetConcertRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Concert__Output>): grpc.ClientUnaryCall;
  GetConcert(argument: _concert_v1_GetConcertRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Concert__Output>): grpc.ClientUnaryCall;
  GetConcert(argument: _concert_v1_GetConcertRequest, callback: grpc.requestCallback<_concert_v1_Concert__Output>): grpc.ClientUnaryCall;
  getConcert(argument: _concert_v1_GetConcertRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Concert__Output>): grpc.ClientUnaryCall;
  getConcert(argument: _concert_v1_GetConcertRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Concert__Output>): grpc.ClientUnaryCall;
  getConcert(argument: _concert_v1_GetConcertRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Concert__Output>): grpc.ClientUnaryCall;
  getConcert(argument: _concert_v1_GetConcertRequest, callback: grpc.requestCallback<_concert_v1_Concert__Output>): grpc.ClientUnaryCall;
  
  GetReservation(argument: _concert_v1_GetReservationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  GetReservation(argument: _concert_v1_GetReservationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  GetReservation(argument: _concert_v1_GetReservationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  GetReservation(argument: _concert_v1_GetReservationRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  getReservation(argument: _concert_v1_GetReservationRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  getReservation(argument: _concert_v1_GetReservationRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  getReservation(argument: _concert_v1_GetReservationRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  getReservation(argument: _concert_v1_GetReservationRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  
  HoldSeat(argument: _concert_v1_HoldSeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  HoldSeat(argument: _concert_v1_HoldSeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  HoldSeat(argument: _concert_v1_HoldSeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  HoldSeat(argument: _concert_v1_HoldSeatRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  holdSeat(argument: _concert_v1_HoldSeatRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  holdSeat(argument: _concert_v1_HoldSeatRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  holdSeat(argument: _concert_v1_HoldSeatRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  holdSeat(argument: _concert_v1_HoldSeatRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  
  ListAvailableSeats(argument: _concert_v1_ListAvailableSeatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_AvailableSeats__Output>): grpc.ClientUnaryCall;
  ListAvailableSeats(argument: _concert_v1_ListAvailableSeatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_AvailableSeats__Output>): grpc.ClientUnaryCall;
  ListAvailableSeats(argument: _concert_v1_ListAvailableSeatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_AvailableSeats__Output>): grpc.ClientUnaryCall;
  ListAvailableSeats(argument: _concert_v1_ListAvailableSeatsRequest, callback: grpc.requestCallback<_concert_v1_AvailableSeats__Output>): grpc.ClientUnaryCall;
  listAvailableSeats(argument: _concert_v1_ListAvailableSeatsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_AvailableSeats__Output>): grpc.ClientUnaryCall;
  listAvailableSeats(argument: _concert_v1_ListAvailableSeatsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_AvailableSeats__Output>): grpc.ClientUnaryCall;
  listAvailableSeats(argument: _concert_v1_ListAvailableSeatsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_AvailableSeats__Output>): grpc.ClientUnaryCall;
  listAvailableSeats(argument: _concert_v1_ListAvailableSeatsRequest, callback: grpc.requestCallback<_concert_v1_AvailableSeats__Output>): grpc.ClientUnaryCall;
  
  ListConcerts(argument: _concert_v1_ListConcertsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_ListConcertsResponse__Output>): grpc.ClientUnaryCall;
  ListConcerts(argument: _concert_v1_ListConcertsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_ListConcertsResponse__Output>): grpc.ClientUnaryCall;
  ListConcerts(argument: _concert_v1_ListConcertsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_ListConcertsResponse__Output>): grpc.ClientUnaryCall;
  ListConcerts(argument: _concert_v1_ListConcertsRequest, callback: grpc.requestCallback<_concert_v1_ListConcertsResponse__Output>): grpc.ClientUnaryCall;
  listConcerts(argument: _concert_v1_ListConcertsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_ListConcertsResponse__Output>): grpc.ClientUnaryCall;
  listConcerts(argument: _concert_v1_ListConcertsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_ListConcertsResponse__Output>): grpc.ClientUnaryCall;
  listConcerts(argument: _concert_v1_ListConcertsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_ListConcertsResponse__Output>): grpc.ClientUnaryCall;
  listConcerts(argument: _concert_v1_ListConcertsRequest, callback: grpc.requestCallback<_concert_v1_ListConcertsResponse__Output>): grpc.ClientUnaryCall;
  
  ReleaseSeat(argument: _concert_v1_SeatCommandRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  ReleaseSeat(argument: _concert_v1_SeatCommandRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  ReleaseSeat(argument: _concert_v1_SeatCommandRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  ReleaseSeat(argument: _concert_v1_SeatCommandRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  releaseSeat(argument: _concert_v1_SeatCommandRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  releaseSeat(argument: _concert_v1_SeatCommandRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  releaseSeat(argument: _concert_v1_SeatCommandRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  releaseSeat(argument: _concert_v1_SeatCommandRequest, callback: grpc.requestCallback<_concert_v1_Reservation__Output>): grpc.ClientUnaryCall;
  
}

export interface ConcertServiceHandlers extends grpc.UntypedServiceImplementation {
  ConfirmSeat: grpc.handleUnaryCall<_concert_v1_SeatCommandRequest__Output, _concert_v1_Reservation>;
  
  GetActiveHold: grpc.handleUnaryCall<_concert_v1_GetActiveHoldRequest__Output, _concert_v1_Reservation>;
  
  GetConcert: grpc.handleUnaryCall<_concert_v1_GetConcertRequest__Output, _concert_v1_Concert>;
  
  GetReservation: grpc.handleUnaryCall<_concert_v1_GetReservationRequest__Output, _concert_v1_Reservation>;
  
  HoldSeat: grpc.handleUnaryCall<_concert_v1_HoldSeatRequest__Output, _concert_v1_Reservation>;
  
  ListAvailableSeats: grpc.handleUnaryCall<_concert_v1_ListAvailableSeatsRequest__Output, _concert_v1_AvailableSeats>;
  
  ListConcerts: grpc.handleUnaryCall<_concert_v1_ListConcertsRequest__Output, _concert_v1_ListConcertsResponse>;
  
  ReleaseSeat: grpc.handleUnaryCall<_concert_v1_SeatCommandRequest__Output, _concert_v1_Reservation>;
  
}

export interface ConcertServiceDefinition extends grpc.ServiceDefinition {
  ConfirmSeat: MethodDefinition<_concert_v1_SeatCommandRequest, _concert_v1_Reservation, _concert_v1_SeatCommandRequest__Output, _concert_v1_Reservation__Output>
  GetActiveHold: MethodDefinition<_concert_v1_GetActiveHoldRequest, _concert_v1_Reservation, _concert_v1_GetActiveHoldRequest__Output, _concert_v1_Reservation__Output>
  GetConcert: MethodDefinition<_concert_v1_GetConcertRequest, _concert_v1_Concert, _concert_v1_GetConcertRequest__Output, _concert_v1_Concert__Output>
  GetReservation: MethodDefinition<_concert_v1_GetReservationRequest, _concert_v1_Reservation, _concert_v1_GetReservationRequest__Output, _concert_v1_Reservation__Output>
  HoldSeat: MethodDefinition<_concert_v1_HoldSeatRequest, _concert_v1_Reservation, _concert_v1_HoldSeatRequest__Output, _concert_v1_Reservation__Output>
  ListAvailableSeats: MethodDefinition<_concert_v1_ListAvailableSeatsRequest, _concert_v1_AvailableSeats, _concert_v1_ListAvailableSeatsRequest__Output, _concert_v1_AvailableSeats__Output>
  ListConcerts: MethodDefinition<_concert_v1_ListConcertsRequest, _concert_v1_ListConcertsResponse, _concert_v1_ListConcertsRequest__Output, _concert_v1_ListConcertsResponse__Output>
  ReleaseSeat: MethodDefinition<_concert_v1_SeatCommandRequest, _concert_v1_Reservation, _concert_v1_SeatCommandRequest__Output, _concert_v1_Reservation__Output>
}
