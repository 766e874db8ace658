/** Something that runs beside the HTTP host (a consumer, the outbox dispatcher, a gRPC server) and stops with it. */
export interface BackgroundComponent {
  readonly name: string;
  start(): Promise<void>;
  /** Stop taking work, finish what is in flight, release resources. */
  stop(): Promise<void>;
  ready?(): Promise<void>;
}
