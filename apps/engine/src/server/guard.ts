import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { BlockList, isIP } from 'node:net';

// Who may talk to the server. Three checks, in this order, for the REST API, the web app and
// socket.io's handshake alike:
// - Host: the name the browser thinks it is talking to must be one of ours. Without it, a page
//   on evil.example whose DNS answer flips to 127.0.0.1 (DNS rebinding) would be same-origin
//   with the engine and could read and drive it.
// - Origin: a browser request from another page must come from an allowed host too. It is
//   compared with the allowlist, never with the Host header, which the attacker chooses.
// - Token: `Authorization: Bearer <token>` when the server has one.

/** Why a request is refused, or null when it may go on. */
export type Refusal = { status: 401 | 403; message: string } | null;

export interface GuardOptions {
  /** The port the server listens on (the real one, once listening). */
  port: number;
  /** The address it listens on (HOST): `HOST:port` is allowed beside the loopback names. */
  host?: string;
  /** More hosts, as `name` or `name:port` (RIVULET_ALLOWED_HOSTS, parsed by parseAllowedHosts). */
  allowedHosts?: readonly string[];
  /** Required on API requests and socket connections when set. */
  token?: string;
}

export interface Guard {
  /** The Host values accepted, lowercase (for messages and tests). */
  readonly hosts: ReadonlySet<string>;
  /** Whether a Host header names this server. */
  hostAllowed(host: string | undefined): boolean;
  /** Whether an Origin header is allowed; a request without one (not a browser's) is. */
  originAllowed(origin: string | undefined): boolean;
  /** Whether an Authorization header carries the token as `Bearer <token>`; true without a token. */
  bearerAllowed(header: string | undefined): boolean;
  /** Whether a socket's `auth.token` is the token; true without a token. */
  socketTokenAllowed(given: unknown): boolean;
  /** Host, then Origin, then (when `token` is true) the Authorization header. */
  refusal(headers: IncomingHttpHeaders, checks?: { token?: boolean }): Refusal;
}

/** The default names of this machine, on the server's port. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

export function createGuard(options: GuardOptions): Guard {
  const hosts = new Set<string>();
  const allow = (name: string, port: number | null) => {
    const lower = name.toLowerCase();
    const on = port ?? options.port;
    hosts.add(`${lower}:${on}`);
    // A browser leaves out the port when it is the scheme's default (on port 80: `localhost`);
    // a name listed without a port is also accepted without one (behind a proxy on 80 or 443).
    if (port === null || on === 80) hosts.add(lower);
  };
  for (const name of LOOPBACK_NAMES) allow(name, options.port);
  if (options.host !== undefined) allow(bracketed(options.host), options.port);
  for (const entry of parseAllowedHosts((options.allowedHosts ?? []).join(','))) {
    const parsed = parseHost(entry)!;
    allow(parsed.name, parsed.port);
  }

  const hostAllowed = (host: string | undefined) =>
    host !== undefined && hosts.has(host.toLowerCase());

  const originAllowed = (origin: string | undefined) => {
    if (origin === undefined) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // `null` (a sandboxed frame, a file: page) and anything unparsable
    }
    // url.host drops the scheme's default port, as a browser's Host header does.
    return (url.protocol === 'http:' || url.protocol === 'https:') && hosts.has(url.host);
  };

  const token = options.token;
  const bearerAllowed = (header: string | undefined) => {
    if (token === undefined) return true;
    const given = bearerToken(header);
    return given !== null && tokenMatches(given, token);
  };

  const socketTokenAllowed = (given: unknown) =>
    token === undefined || (typeof given === 'string' && tokenMatches(given, token));

  return {
    hosts,
    hostAllowed,
    originAllowed,
    bearerAllowed,
    socketTokenAllowed,
    refusal(headers, checks = {}) {
      const host = headers.host;
      if (!hostAllowed(host))
        return {
          status: 403,
          message: `the Host header "${String(host ?? '').slice(0, 100)}" is not one of this server's names: add it to RIVULET_ALLOWED_HOSTS`,
        };
      const origin = headers.origin;
      if (!originAllowed(origin))
        return {
          status: 403,
          message: `requests from ${String(origin).slice(0, 100)} are not allowed: only the app's own origin`,
        };
      if (checks.token && !bearerAllowed(headers.authorization))
        return {
          status: 401,
          message: 'a token is required: send Authorization: Bearer <RIVULET_TOKEN>',
        };
      return null;
    },
  };
}

/** The token of an `Authorization: Bearer <token>` header; null for any other form (a bare token too). */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer +(\S+)$/i.exec(header ?? '');
  return match ? match[1]! : null;
}

/** Compares in constant time, lengths included (both sides are hashed to 32 bytes first). */
export function tokenMatches(given: string, token: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(token));
}

/**
 * Parses RIVULET_ALLOWED_HOSTS: comma-separated `name` or `name:port` (an IPv6 address in
 * brackets), lowercase; empty entries are skipped. Throws naming the first malformed entry.
 */
export function parseAllowedHosts(list: string | undefined): string[] {
  const entries = (list ?? '')
    .split(',')
    .map((raw) => raw.trim())
    .filter((entry) => entry !== '');
  return entries.map((entry) => {
    if (!parseHost(entry))
      throw new Error(
        `RIVULET_ALLOWED_HOSTS: "${entry.slice(0, 100)}" is not a host name or host:port (e.g. studio.example.com, 192.168.1.5:5170, [::1]:5170)`,
      );
    return entry.toLowerCase();
  });
}

/** `name[:port]` with a plain DNS name or IP address; null when malformed. */
function parseHost(entry: string): { name: string; port: number | null } | null {
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::([0-9]{1,5}))?$/.exec(entry);
  if (!match) return null;
  const name = match[1]!;
  if (name.startsWith('[') && isIP(name.slice(1, -1)) !== 6) return null;
  const port = match[2] === undefined ? null : Number(match[2]);
  if (port !== null && (port < 1 || port > 65535)) return null;
  return { name, port };
}

/** An IPv6 address as it appears in a Host header: in brackets. */
const bracketed = (host: string) => (isIP(host) === 6 ? `[${host}]` : host);

const loopbackRanges = new BlockList();
loopbackRanges.addSubnet('127.0.0.0', 8, 'ipv4');
loopbackRanges.addAddress('::1', 'ipv6');
loopbackRanges.addSubnet('::ffff:127.0.0.0', 104, 'ipv6'); // IPv4-mapped 127.0.0.0/8

/**
 * Whether listening on `host` keeps the server to this machine: an address in 127.0.0.0/8, ::1
 * or ::ffff:127.0.0.0/104 (in any spelling node accepts), or the name `localhost`. Anything
 * else, `127.evil.example` included, is not.
 */
export function isLoopback(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare.toLowerCase() === 'localhost') return true;
  const family = isIP(bare);
  if (family === 4) return loopbackRanges.check(bare, 'ipv4');
  if (family === 6) return loopbackRanges.check(bare, 'ipv6');
  return false;
}
