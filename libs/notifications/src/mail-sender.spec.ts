import { smtpUrlOptions } from './mail-sender.service';

describe('smtpUrlOptions', () => {
  it.each([
    ['smtp://127.0.0.1:2525', { host: '127.0.0.1', port: 2525, secure: false }],
    [
      'smtps://desk%40banjarkab.go.id:p%40ss@mail.banjarkab.go.id',
      { host: 'mail.banjarkab.go.id', secure: true, auth: { user: 'desk@banjarkab.go.id', pass: 'p@ss' } },
    ],
    [
      'smtp://relay:587?requireTLS=true&tls.rejectUnauthorized=false&connectionTimeout=5000',
      {
        host: 'relay',
        port: 587,
        secure: false,
        requireTLS: true,
        tls: { rejectUnauthorized: false },
        connectionTimeout: 5000,
      },
    ],
  ])('should read %s', (url, options) => {
    expect(smtpUrlOptions(url)).toEqual(options);
  });
});
