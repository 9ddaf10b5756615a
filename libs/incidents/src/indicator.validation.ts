import { isIP } from 'node:net';
import isEmail from 'validator/lib/isEmail';
import isFQDN from 'validator/lib/isFQDN';
import isHash from 'validator/lib/isHash';
import isURL from 'validator/lib/isURL';
import { IndicatorType } from './incident.types';

/**
 * Checks an indicator against its type and returns it in the stored form (hashes and domains in
 * lower case, an IPv6 address as the client wrote it but lower case), or an error message.
 */
export function normaliseIndicator(type: IndicatorType, raw: string): { value: string } | { error: string } {
  const value = raw.trim();
  if (!value || value.length > 2048) return { error: 'must be 1-2048 characters' };
  switch (type) {
    case IndicatorType.Ipv4:
      return isIP(value) === 4 ? { value } : { error: 'is not an IPv4 address' };
    case IndicatorType.Ipv6:
      return isIP(value) === 6 ? { value: value.toLowerCase() } : { error: 'is not an IPv6 address' };
    case IndicatorType.Domain:
      return isFQDN(value, { require_tld: true, allow_underscores: false, allow_trailing_dot: true })
        ? { value: value.toLowerCase().replace(/\.$/, '') }
        : { error: 'is not a domain name' };
    case IndicatorType.Url:
      return isURL(value, { require_protocol: true, protocols: ['http', 'https', 'ftp'], require_tld: false })
        ? { value }
        : { error: 'is not an http, https or ftp URL' };
    case IndicatorType.Email:
      return isEmail(value) ? { value: value.toLowerCase() } : { error: 'is not an e-mail address' };
    case IndicatorType.Md5:
    case IndicatorType.Sha1:
    case IndicatorType.Sha256:
      return isHash(value, type)
        ? { value: value.toLowerCase() }
        : { error: `is not a ${type.toUpperCase()} hash (hex)` };
    default:
      return { error: 'unknown indicator type' };
  }
}
