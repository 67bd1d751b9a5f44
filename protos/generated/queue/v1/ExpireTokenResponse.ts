// Original file: queue/v1/queue.proto


export interface ExpireTokenResponse {
}

export interface ExpireTokenResponse__Output {
}
