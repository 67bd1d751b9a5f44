/** A dependency the gateway cannot serve without; /health/ready answers 200 only when all are ready. */
export interface ReadinessProbe {
  readonly name: string;
  /** Never throws; false when the dependency does not answer in time. */
  isReady(): Promise<boolean>;
}
