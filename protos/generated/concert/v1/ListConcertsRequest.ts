// Original file: concert/v1/concert.proto


export interface ListConcertsRequest {
}

export interface ListConcertsRequest__Output {
}
