// Original file: queue/v1/queue.proto


export interface LeaveResponse {
}

export interface LeaveResponse__Output {
}
