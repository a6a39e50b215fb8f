import { describe, expect, it } from 'vitest';
import { originOf, redactText, redactUrl, urlSecrets } from './redact.ts';

describe('redactUrl', () => {
  it('hides token-like query values and credentials, keeping the rest readable', () => {
    expect(redactUrl('https://oapi.dingtalk.com/robot/send?access_token=abc123&timestamp=1&sign=xyz')).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=<redacted>&timestamp=1&sign=<redacted>',
    );
    expect(redactUrl('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-e-y')).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=<redacted>',
    );
    expect(redactUrl('http://user:pa55@host:9/x?page=2')).toBe(
      'http://<redacted>:<redacted>@host:9/x?page=2',
    );
  });

  it('leaves a non-URL as is', () => {
    expect(redactUrl('not a url')).toBe('not a url');
  });
});

describe('redactText', () => {
  it('redacts every URL in a message and each literal secret', () => {
    const text =
      'POST https://h/robot/send?access_token=abc123: HTTP 400 {"errmsg":"token abc123 invalid, secret SECxyz"}';
    expect(redactText(text, ['abc123', 'SECxyz'])).toBe(
      'POST https://h/robot/send?access_token=<redacted>: HTTP 400 {"errmsg":"token <redacted> invalid, secret <redacted>"}',
    );
  });

  it('names a path-token URL by its origin only', () => {
    expect(originOf('https://hooks.slack.com/services/T0/B0/XXXX')).toBe('https://hooks.slack.com');
  });
});

describe('urlSecrets', () => {
  it('lists the URL, its password and its token-like query values', () => {
    expect(urlSecrets('https://u:p%40ss@h/x?access_token=t1&page=2&key=k2')).toEqual([
      'https://u:p%40ss@h/x?access_token=t1&page=2&key=k2',
      'p@ss',
      't1',
      'k2',
    ]);
  });

  it('redacting twice gives the same text', () => {
    const once = redactText('POST https://h/s?key=abcd: HTTP 500');
    expect(redactText(once)).toBe(once);
    expect(once).toBe('POST https://h/s?key=<redacted>: HTTP 500');
  });
});
