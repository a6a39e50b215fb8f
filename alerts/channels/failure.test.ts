import { describe, expect, it } from 'vitest';
import { dingtalkErrcodeFailure, feishuCodeFailure, httpStatusFailure, smtpFailure } from './failure.ts';

describe('which failures are worth retrying', () => {
  it('HTTP: a 4xx refusal is permanent, except the ones that say "later"; a 5xx is retryable', () => {
    for (const status of [400, 401, 403, 404, 405, 410, 413, 422])
      expect(httpStatusFailure(status), String(status)).toBe('permanent');
    for (const status of [408, 425, 429, 500, 502, 503, 504, 599])
      expect(httpStatusFailure(status), String(status)).toBe('retryable');
  });

  it('DingTalk: a bad token, a refused security check or a too-long message is permanent; busy and unknown codes are retried', () => {
    for (const code of [300001, 310000, 101002, 460101, 40035])
      expect(dingtalkErrcodeFailure(code), String(code)).toBe('permanent');
    for (const code of [-1, 130101, 999999, '310000', undefined])
      expect(dingtalkErrcodeFailure(code), String(code)).toBe('retryable');
  });

  it('Feishu: an invalid webhook token or a signature mismatch is permanent', () => {
    expect(feishuCodeFailure(19001)).toBe('permanent');
    expect(feishuCodeFailure(19021)).toBe('permanent');
    expect(feishuCodeFailure(11232)).toBe('retryable');
  });

  it('SMTP: a 5xx reply is permanent, a 4xx reply or no reply (connection) is retryable', () => {
    expect(smtpFailure(550)).toBe('permanent');
    expect(smtpFailure(535)).toBe('permanent');
    expect(smtpFailure(451)).toBe('retryable');
    expect(smtpFailure(421)).toBe('retryable');
    expect(smtpFailure(undefined)).toBe('retryable');
  });
});
