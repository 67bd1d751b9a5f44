/** What the HTTP routes need from the concert service; main.ts wires the gRPC client that implements it. */
export interface ConcertPort {
  listConcerts(): Promise<{ concertCode: string; title: string }[]>;
  /** Upcoming dates with at least one free seat; CONCERT_NOT_FOUND otherwise. */
  getConcert(concertCode: string): Promise<ConcertDetails>;
  listAvailableSeats(concertCode: string, concertDate: string): Promise<AvailableSeats>;
  holdSeat(command: HoldSeatCommand): Promise<ReservationInfo>;
  /** The fan's own reservation; someone else's is RESERVATION_NOT_FOUND. */
  getReservation(concertCode: string, reservationId: string, userId: string): Promise<ReservationInfo>;
}

export interface ConcertDetails {
  concertCode: string;
  title: string;
  dates: { concertDate: string; availableSeatCount: number }[];
}

export interface AvailableSeats {
  concertDate: string;
  seats: { seatNumber: number; price: number }[];
}

export interface HoldSeatCommand {
  concertCode: string;
  concertDate: string;
  seatNumber: number;
  userId: string;
}

export interface ReservationInfo {
  reservationId: string;
  status: 'HELD' | 'CONFIRMED' | 'EXPIRED' | 'RELEASED';
  concertDate: string;
  seatNumber: number;
  price: number;
  expiresAt: string;
}
