import { describe, expect, it } from 'vitest';
import { bearerToken, createGuard, isLoopback, parseAllowedHosts, tokenMatches } from './guard.js';
import { refuseToStart } from './server.js';

const TOKEN = 't'.repeat(32);

describe('isLoopback', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '127.255.255.255',
    'localhost',
    'LocalHost',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '::0:1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
  ])('%s is loopback', (host) => expect(isLoopback(host)).toBe(true));

  it.each([
    '127.evil.example',
    '127.0.0.1.evil.example',
    '127.0.0.1evil',
    '127.1', // a shorthand node's listen would resolve by DNS, not an address
    '0x7f.0.0.1',
    '0177.0.0.1',
    '128.0.0.1',
    '126.255.255.255',
    '0.0.0.0',
    '::',
    '::2',
    '::ffff:128.0.0.1',
    '::ffff:10.0.0.1',
    'fe80::1%lo',
    'localhost.',
    'localhost.evil.example',
    'evil-localhost',
    '[::1',
    ' 127.0.0.1',
    '',
  ])('%s is not loopback', (host) => expect(isLoopback(host)).toBe(false));

  it('decides whether the server may start without a token', () => {
    expect(refuseToStart({ host: '127.evil.example' })).toMatch(/without a token/);
    expect(refuseToStart({ host: '0.0.0.0' })).toMatch(/without a token/);
    expect(refuseToStart({ host: '::ffff:127.0.0.1' })).toBeNull();
    expect(refuseToStart({ host: '0.0.0.0', token: TOKEN })).toBeNull();
  });
});

describe('the Host and Origin allowlist', () => {
  const guard = createGuard({ port: 5170, host: '127.0.0.1' });

  it.each(['127.0.0.1:5170', 'localhost:5170', 'LOCALHOST:5170', '[::1]:5170'])(
    'accepts Host %s',
    (host) => expect(guard.hostAllowed(host)).toBe(true),
  );

  it.each([
    undefined,
    '',
    'localhost',
    '127.0.0.1',
    '127.0.0.1:80',
    '127.0.0.1:5171',
    'evil.example:5170',
    '127.0.0.1.evil.example:5170',
    'localhost.:5170',
    '[::1]:5170.evil',
    '::1:5170',
    '127.0.0.1:5170/',
    ' 127.0.0.1:5170',
  ])('refuses Host %s', (host) => expect(guard.hostAllowed(host)).toBe(false));

  it.each([undefined, 'http://127.0.0.1:5170', 'http://localhost:5170', 'http://[::1]:5170'])(
    'accepts Origin %s',
    (origin) => expect(guard.originAllowed(origin)).toBe(true),
  );

  it.each([
    'null',
    '',
    'http://evil.example',
    'http://evil.example:5170',
    'http://127.0.0.1:1',
    'http://127.0.0.1',
    'ftp://127.0.0.1:5170',
    'file:///etc/passwd',
    'http://127.0.0.1:5170.evil.example',
    'http://127.0.0.1.evil.example:5170',
    'not a url',
  ])('refuses Origin %s', (origin) => expect(guard.originAllowed(origin)).toBe(false));

  it('compares Origin with the allowlist, not with the Host header the request chose', () => {
    const rebinding = { host: 'evil.example:5170', origin: 'http://evil.example:5170' };
    expect(guard.refusal(rebinding)).toMatchObject({ status: 403 });
    expect(guard.refusal({ host: 'localhost:5170', origin: 'http://evil.example' })).toEqual({
      status: 403,
      message: "requests from http://evil.example are not allowed: only the app's own origin",
    });
    expect(guard.refusal({ host: '127.0.0.1:5170', origin: 'http://localhost:5170' })).toBeNull();
  });

  it('accepts the configured HOST, an IPv6 one in brackets', () => {
    expect(createGuard({ port: 80, host: '192.168.1.5' }).hosts).toEqual(
      new Set([
        '127.0.0.1:80',
        '127.0.0.1',
        'localhost:80',
        'localhost',
        '[::1]:80',
        '[::1]',
        '192.168.1.5:80',
        '192.168.1.5',
      ]),
    );
    expect(createGuard({ port: 5170, host: 'fd00::5' }).hostAllowed('[fd00::5]:5170')).toBe(true);
  });

  it('adds listed hosts: with a port exactly, without one on the server port or bare', () => {
    const listed = createGuard({
      port: 5170,
      allowedHosts: parseAllowedHosts(' Studio.Example , lan.example:8080,,[fd00::1]:9000 '),
    });
    for (const host of [
      'studio.example:5170',
      'studio.example',
      'lan.example:8080',
      '[fd00::1]:9000',
    ])
      expect(listed.hostAllowed(host)).toBe(true);
    for (const host of ['studio.example:1', 'lan.example:5170', 'lan.example', '[fd00::1]:5170'])
      expect(listed.hostAllowed(host)).toBe(false);
    expect(listed.originAllowed('https://studio.example')).toBe(true);
    expect(listed.originAllowed('http://lan.example:8080')).toBe(true);
    expect(listed.originAllowed('http://lan.example')).toBe(false);
  });

  it.each([
    'http://studio.example',
    'studio.example/',
    '*.example',
    'studio.example:0',
    'studio.example:65536',
    'studio.example:',
    '::1',
    '[::1',
    '[not:an:address]',
    'user@studio.example',
    'stu dio.example',
  ])('refuses to parse %s', (entry) => {
    expect(() => parseAllowedHosts(entry)).toThrow(/RIVULET_ALLOWED_HOSTS: ".*" is not a host/);
    expect(() => createGuard({ port: 1, allowedHosts: [entry] })).toThrow(/RIVULET_ALLOWED_HOSTS/);
    expect(refuseToStart({ allowedHosts: [entry] })).toMatch(/RIVULET_ALLOWED_HOSTS/);
  });
});

describe('the token', () => {
  it('is read only from Bearer', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`Bearer   ${TOKEN}`)).toBe(TOKEN);
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Basic ${TOKEN}`,
      `Bearer`,
      `Bearer `,
      `Bearer${TOKEN}`,
      `Bearer ${TOKEN} extra`,
      ` Bearer ${TOKEN}`,
    ])
      expect(bearerToken(header)).toBeNull();
  });

  it('compares whole tokens', () => {
    expect(tokenMatches(TOKEN, TOKEN)).toBe(true);
    expect(tokenMatches(TOKEN.slice(1), TOKEN)).toBe(false);
    expect(tokenMatches(TOKEN + 't', TOKEN)).toBe(false);
    expect(tokenMatches('', TOKEN)).toBe(false);
  });

  it('is required on API requests and sockets when set, refused bare', () => {
    const guard = createGuard({ port: 5170, token: TOKEN });
    const host = '127.0.0.1:5170';
    expect(guard.refusal({ host, authorization: TOKEN }, { token: true })).toMatchObject({
      status: 401,
    });
    expect(guard.refusal({ host, authorization: `Bearer ${TOKEN}` }, { token: true })).toBeNull();
    // The Host comes first: the right token does not make another name ours.
    expect(
      guard.refusal(
        { host: 'evil.example:5170', authorization: `Bearer ${TOKEN}` },
        { token: true },
      ),
    ).toMatchObject({ status: 403 });
    expect(guard.socketTokenAllowed(TOKEN)).toBe(true);
    expect(guard.socketTokenAllowed(`Bearer ${TOKEN}`)).toBe(false);
    expect(guard.socketTokenAllowed(undefined)).toBe(false);
    expect(guard.socketTokenAllowed({ token: TOKEN })).toBe(false);
    expect(createGuard({ port: 5170 }).socketTokenAllowed(undefined)).toBe(true);
  });
});
