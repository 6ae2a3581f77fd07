/** A subscriber's configuration is invalid; each problem names the variable or option. */
export class SubscriberConfigError extends Error {
  readonly code = 'SUBSCRIBER_CONFIG_INVALID';
  constructor(problems: readonly string[]) {
    super(`Subscriber configuration is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'SubscriberConfigError';
  }
}

/** An event arrived that no handler takes, and the subscription was told to dead-letter such events. */
export class UnhandledEventError extends Error {
  readonly code = 'SUBSCRIBER_UNHANDLED_EVENT';
  constructor(type: string, group: string) {
    super(
      `No handler of group ${group} takes ${type}. Add a handler for it, or subscribe with ` +
        "unhandled: 'skip' to let such events pass.",
    );
    this.name = 'UnhandledEventError';
  }
}

/** The subscription is already running or was stopped; a Subscription starts once. */
export class SubscriptionStateError extends Error {
  readonly code = 'SUBSCRIPTION_STATE';
  constructor(group: string, state: string) {
    super(`Subscription ${group} is ${state}; create a new one with subscribe() to start again.`);
    this.name = 'SubscriptionStateError';
  }
}
