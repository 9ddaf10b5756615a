import { EventEmitter } from 'node:events';
import { CONNECTION_ERROR_LOG_EVERY_MS, reportConnectionErrors } from './connection-errors';

describe('reportConnectionErrors', () => {
  it('should log the first failure at once and then at most once a minute with the count', () => {
    const emitter = new EventEmitter();
    const lines: string[] = [];
    let now = 1_000_000;
    reportConnectionErrors(emitter, { warn: (m) => lines.push(m) }, 'redis (queue producers)', () => now);

    emitter.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    expect(lines).toEqual(['redis (queue producers): connect ECONNREFUSED 127.0.0.1:6379']);

    for (let i = 0; i < 5; i++) {
      now += 1000;
      emitter.emit('error', new Error('connect ECONNREFUSED 127.0.0.1:6379'));
    }
    expect(lines).toHaveLength(1);

    now += CONNECTION_ERROR_LOG_EVERY_MS;
    emitter.emit('error', new Error('READONLY You cannot write against a read only replica.'));
    expect(lines[1]).toBe(
      'redis (queue producers): READONLY You cannot write against a read only replica. (5 more since the last report)',
    );
  });

  it('should keep the process alive when the emitter fails (an error listener is attached)', () => {
    const emitter = new EventEmitter();
    reportConnectionErrors(emitter, { warn: () => undefined }, 'x');
    expect(() => emitter.emit('error', new Error('boom'))).not.toThrow();
  });
});
