import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AvailableSeats as _concert_v1_AvailableSeats, AvailableSeats__Output as _concert_v1_AvailableSeats__Output } from './concert/v1/AvailableSeats';
import type { Concert as _concert_v1_Concert, Concert__Output as _concert_v1_Concert__Output } from './concert/v1/Concert';
import type { ConcertDate as _concert_v1_ConcertDate, ConcertDate__Output as _concert_v1_ConcertDate__Output } from './concert/v1/ConcertDate';
import type { ConcertServiceClient as _concert_v1_ConcertServiceClient, ConcertServiceDefinition as _concert_v1_ConcertServiceDefinition } from './concert/v1/ConcertService';
import type { ConcertSummary as _concert_v1_ConcertSummary, ConcertSummary__Output as _concert_v1_ConcertSummary__Output } from './concert/v1/ConcertSummary';
import type { GetActiveHoldRequest as _concert_v1_GetActiveHoldRequest, GetActiveHoldRequest__Output as _concert_v1_GetActiveHoldRequest__Output } from './concert/v1/GetActiveHoldRequest';
import type { GetConcertRequest as _concert_v1_GetConcertRequest, GetConcertRequest__Output as _concert_v1_GetConcertRequest__Output } from './concert/v1/GetConcertRequest';
import type { GetReservationRequest as _concert_v1_GetReservationRequest, GetReservationRequest__Output as _concert_v1_GetReservationRequest__Output } from './concert/v1/GetReservationRequest';
import type { HoldSeatRequest as _concert_v1_HoldSeatRequest, HoldSeatRequest__Output as _concert_v1_HoldSeatRequest__Output } from './concert/v1/HoldSeatRequest';
import type { ListAvailableSeatsRequest as _concert_v1_ListAvailableSeatsRequest, ListAvailableSeatsRequest__Output as _concert_v1_ListAvailableSeatsRequest__Output } from './concert/v1/ListAvailableSeatsRequest';
import type { ListConcertsRequest as _concert_v1_ListConcertsRequest, ListConcertsRequest__Output as _concert_v1_ListConcertsRequest__Output } from './concert/v1/ListConcertsRequest';
import type { ListConcertsResponse as _concert_v1_ListConcertsResponse, ListConcertsResponse__Output as _concert_v1_ListConcertsResponse__Output } from './concert/v1/ListConcertsResponse';
import type { Reservation as _concert_v1_Reservation, Reservation__Output as _concert_v1_Reservation__Output } from './concert/v1/Reservation';
import type { Seat as _concert_v1_Seat, Seat__Output as _concert_v1_Seat__Output } from './concert/v1/Seat';
import type { SeatCommandRequest as _concert_v1_SeatCommandRequest, SeatCommandRequest__Output as _concert_v1_SeatCommandRequest__Output } from './concert/v1/SeatCommandRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  concert: {
    v1: {
      AvailableSeats: MessageTypeDefinition<_concert_v1_AvailableSeats, _concert_v1_AvailableSeats__Output>
      Concert: MessageTypeDefinition<_concert_v1_Concert, _concert_v1_Concert__Output>
      ConcertDate: MessageTypeDefinition<_concert_v1_ConcertDate, _concert_v1_ConcertDate__Output>
      ConcertService: SubtypeConstructor<typeof grpc.Client, _concert_v1_ConcertServiceClient> & { service: _concert_v1_ConcertServiceDefinition }
      ConcertSummary: MessageTypeDefinition<_concert_v1_ConcertSummary, _concert_v1_ConcertSummary__Output>
      GetActiveHoldRequest: MessageTypeDefinition<_concert_v1_GetActiveHoldRequest, _concert_v1_GetActiveHoldRequest__Output>
      GetConcertRequest: MessageTypeDefinition<_concert_v1_GetConcertRequest, _concert_v1_GetConcertRequest__Output>
      GetReservationRequest: MessageTypeDefinition<_concert_v1_GetReservationRequest, _concert_v1_GetReservationRequest__Output>
      HoldSeatRequest: MessageTypeDefinition<_concert_v1_HoldSeatRequest, _concert_v1_HoldSeatRequest__Output>
      ListAvailableSeatsRequest: MessageTypeDefinition<_concert_v1_ListAvailableSeatsRequest, _concert_v1_ListAvailableSeatsRequest__Output>
      ListConcertsRequest: MessageTypeDefinition<_concert_v1_ListConcertsRequest, _concert_v1_ListConcertsRequest__Output>
      ListConcertsResponse: MessageTypeDefinition<_concert_v1_ListConcertsResponse, _concert_v1_ListConcertsResponse__Output>
      Reservation: MessageTypeDefinition<_concert_v1_Reservation, _concert_v1_Reservation__Output>
      Seat: MessageTypeDefinition<_concert_v1_Seat, _concert_v1_Seat__Output>
      SeatCommandRequest: MessageTypeDefinition<_concert_v1_SeatCommandRequest, _concert_v1_SeatCommandRequest__Output>
    }
  }
}

