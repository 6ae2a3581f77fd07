import { loadConfig } from '@shopstream/config';
import { useKafkaCredentials } from '@shopstream/kafka';

// Integration tests start consumers and wait for real brokers on two shared cores: minutes, not seconds.
jest.setTimeout(300_000);

// Tests act as the operator (the admin principal) unless a test connects as another principal on purpose.
useKafkaCredentials(loadConfig().kafka.credentials);
