/** Thrown by a projection's apply for an event that breaks an invariant: the event is parked, the rest applied. */
export class ProjectionInvariantError extends Error {
  readonly code = 'PROJECTION_INVARIANT';
  constructor(
    message: string,
    /** Event id of the offending event, so the engine parks exactly that one. */
    readonly eventId?: string,
  ) {
    super(message);
    this.name = 'ProjectionInvariantError';
  }
}

export class ProjectionDefinitionError extends Error {
  readonly code = 'PROJECTION_INVALID';
  constructor(name: string, problem: string) {
    super(`Projection ${name}: ${problem}`);
    this.name = 'ProjectionDefinitionError';
  }
}
