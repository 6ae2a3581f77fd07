import { InvalidLogLevelError, logLevelFrom } from './log-level';

describe('logLevelFrom', () => {
  it('logs at info when SHOPSTREAM_LOG_LEVEL is unset or empty', () => {
    expect(logLevelFrom({})).toBe('info');
    expect(logLevelFrom({ SHOPSTREAM_LOG_LEVEL: ' ' })).toBe('info');
  });

  it('takes a level pino knows, in any case', () => {
    expect(logLevelFrom({ SHOPSTREAM_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(logLevelFrom({ SHOPSTREAM_LOG_LEVEL: 'silent' })).toBe('silent');
  });

  it('stops on a level it does not know, naming the variable and the levels', () => {
    expect(() => logLevelFrom({ SHOPSTREAM_LOG_LEVEL: 'verbose' })).toThrow(InvalidLogLevelError);
    expect(() => logLevelFrom({ SHOPSTREAM_LOG_LEVEL: 'verbose' })).toThrow(
      /SHOPSTREAM_LOG_LEVEL=verbose is not a log level: set it to one of fatal, error, warn, info/,
    );
  });
});
