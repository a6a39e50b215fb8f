import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { dingtalkSign, dingtalkSignedUrl } from './dingtalk.ts';
import { feishuSign } from './feishu.ts';
import { webhookSignature } from './webhook.ts';

// The oracle is the openssl CLI, not node:crypto: each expected value is computed here by a
// separate HMAC implementation from the vendor's documented formula (which string is the key,
// which the message), plus fixed vectors computed once the same way (see the comments).

/** HMAC-SHA256 by `openssl dgst`, the key given as hex so any byte (a newline) survives. */
function opensslHmac(key: string, message: string, encoding: 'base64' | 'hex'): string {
  const digest = execFileSync(
    'openssl',
    [
      'dgst',
      '-sha256',
      '-mac',
      'HMAC',
      '-macopt',
      `hexkey:${Buffer.from(key, 'utf8').toString('hex')}`,
      '-binary',
    ],
    { input: Buffer.from(message, 'utf8') },
  );
  return digest.toString(encoding);
}

const CASES: [secret: string, timestampMs: number][] = [
  ['SECabc123', 1_763_700_000_123],
  [`SEC${'f'.repeat(64)}`, 1_600_000_000_000],
  ['密钥-with spaces & symbols=+/', 1_700_000_000_999],
];

describe('DingTalk signature', () => {
  it.each(CASES)('is base64(HMAC-SHA256(key=secret, "timestamp\\nsecret")) (%s)', (secret, timestamp) => {
    expect(dingtalkSign(secret, timestamp)).toBe(opensslHmac(secret, `${timestamp}\n${secret}`, 'base64'));
  });

  it('matches a fixed vector', () => {
    // printf '1700000000000\nSEC000test' | openssl dgst -sha256 -hmac 'SEC000test' -binary | base64
    expect(dingtalkSign('SEC000test', 1_700_000_000_000)).toBe(
      '1hLl2KkRX3rps9FaitIUwaac+CtAFEaP345jvdrTL7c=',
    );
  });

  it('appends timestamp and the URL-encoded sign to the webhook URL', () => {
    const url = dingtalkSignedUrl(
      'https://oapi.dingtalk.com/robot/send?access_token=t0k',
      'SEC000test',
      1_700_000_000_000,
    );
    expect(url).toBe(
      'https://oapi.dingtalk.com/robot/send?access_token=t0k&timestamp=1700000000000' +
        '&sign=1hLl2KkRX3rps9FaitIUwaac%2BCtAFEaP345jvdrTL7c%3D',
    );
    // The receiver's decoding gives back the exact signature of the fixed vector.
    expect(new URL(url).searchParams.get('sign')).toBe('1hLl2KkRX3rps9FaitIUwaac+CtAFEaP345jvdrTL7c=');
  });
});

describe('Feishu signature', () => {
  it.each(CASES.map(([secret, ms]): [string, number] => [secret, Math.floor(ms / 1000)]))(
    'is base64(HMAC-SHA256(key="timestamp\\nsecret", message=empty)), timestamp in seconds (%s)',
    (secret, timestamp) => {
      expect(feishuSign(secret, timestamp)).toBe(opensslHmac(`${timestamp}\n${secret}`, '', 'base64'));
      // Not the DingTalk construction (key and message swapped).
      expect(feishuSign(secret, timestamp)).not.toBe(
        opensslHmac(secret, `${timestamp}\n${secret}`, 'base64'),
      );
    },
  );

  it('matches a fixed vector', () => {
    // hex=$(printf '1700000000\nfeishu-secret' | xxd -p | tr -d '\n')
    // printf '' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$hex -binary | base64
    expect(feishuSign('feishu-secret', 1_700_000_000)).toBe('OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=');
  });
});

describe('webhook signature', () => {
  it.each([
    ['whsec', '{"a":1}'],
    ['another-key', JSON.stringify({ status: 'firing', alerts: [{ labels: { topic: '订单' } }] })],
  ])('is sha256=<hex HMAC-SHA256(key=secret, raw body)> (%s)', (secret, body) => {
    expect(webhookSignature(secret, body)).toBe(`sha256=${opensslHmac(secret, body, 'hex')}`);
  });

  it('matches a fixed vector', () => {
    // printf '{"a":1}' | openssl dgst -sha256 -hmac 'whsec'
    expect(webhookSignature('whsec', '{"a":1}')).toBe(
      'sha256=19373ef0e8c66f206e49d251e4402291615bbce6ef00922e94a47a213fb76ee1',
    );
  });
});
