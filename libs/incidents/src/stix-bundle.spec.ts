import { IndicatorType, Tlp } from './incident.types';
import { normaliseIndicator } from './indicator.validation';
import { stixPattern, TLP2_MARKING_IDS, tlpMarkingDefinition } from './stix-bundle';

describe('stixPattern', () => {
  it.each([
    [IndicatorType.Ipv4, '203.0.113.7', "[ipv4-addr:value = '203.0.113.7']"],
    [IndicatorType.Ipv6, '2001:db8::1', "[ipv6-addr:value = '2001:db8::1']"],
    [IndicatorType.Domain, 'c2.example.net', "[domain-name:value = 'c2.example.net']"],
    [IndicatorType.Email, 'a@example.net', "[email-addr:value = 'a@example.net']"],
    [
      IndicatorType.Md5,
      'd41d8cd98f00b204e9800998ecf8427e',
      "[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e']",
    ],
    [IndicatorType.Sha1, 'da39', "[file:hashes.'SHA-1' = 'da39']"],
    [IndicatorType.Sha256, 'e3b0', "[file:hashes.'SHA-256' = 'e3b0']"],
  ])('should write a %s indicator as %s', (type, value, pattern) => {
    expect(stixPattern({ type, value })).toBe(pattern);
  });

  it('should escape quotes and backslashes inside the literal', () => {
    expect(stixPattern({ type: IndicatorType.Url, value: "http://x.example/a'b\\c" })).toBe(
      "[url:value = 'http://x.example/a\\'b\\\\c']",
    );
  });

  it('should use the published TLP 2.0 marking definition', () => {
    expect(tlpMarkingDefinition(Tlp.AmberStrict)).toEqual({
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
      created: '2022-10-01T00:00:00.000Z',
      name: 'TLP:AMBER+STRICT',
      extensions: {
        'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {
          extension_type: 'property-extension',
          tlp_2_0: 'amber+strict',
        },
      },
    });
    expect(new Set(Object.values(TLP2_MARKING_IDS)).size).toBe(5);
  });
});

describe('normaliseIndicator', () => {
  it('should trim, lower-case hashes and domains and keep URLs as written', () => {
    expect(normaliseIndicator(IndicatorType.Sha1, ' DA39A3EE5E6B4B0D3255BFEF95601890AFD80709 ')).toEqual({
      value: 'da39a3ee5e6b4b0d3255bfef95601890afd80709',
    });
    expect(normaliseIndicator(IndicatorType.Domain, 'Evil.Example.COM.')).toEqual({
      value: 'evil.example.com',
    });
    expect(normaliseIndicator(IndicatorType.Url, 'https://Evil.example/A?b=C')).toEqual({
      value: 'https://Evil.example/A?b=C',
    });
  });

  it.each([
    [IndicatorType.Ipv4, '10.0.0.256'],
    [IndicatorType.Ipv6, '2001:db8::g'],
    [IndicatorType.Domain, '-bad-.example'],
    [IndicatorType.Url, 'file:///etc/passwd'],
    [IndicatorType.Email, 'a@b'],
    [IndicatorType.Sha256, 'e3b0'],
    [IndicatorType.Md5, ''],
  ])('should refuse a %s of %p', (type, value) => {
    expect(normaliseIndicator(type, value)).toHaveProperty('error');
  });
});
