import { loadConfig, PlatformConfig } from '@shopstream/config';

/** The platform the suite runs against: started by `npm test` (`shopstream up`) before Jest. */
export const platformConfig = (): PlatformConfig => loadConfig();
