// Integration tests start consumers and wait for real brokers on two shared cores: minutes, not seconds.
jest.setTimeout(300_000);
