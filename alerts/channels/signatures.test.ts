import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dingtalkSign, dingtalkSignedUrl } from './dingtalk.ts';
import { feishuSign } from './feishu.ts';
import { webhookSignature } from './webhook.ts';

// Expected values come from the vendors' documented formulas, computed here with node:crypto,
// plus fixed vectors computed once with the openssl CLI (see the comments) from the same formulas.

describe('DingTalk signature', () => {
  it('is base64(HMAC-SHA256(key=secret, "timestamp\\nsecret"))', () => {
    const secret = 'SECabc123';
    const timestamp = 1_763_700_000_123;
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
    expect(dingtalkSign(secret, timestamp)).toBe(expected);
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
    // The receiver's decoding gives back the exact signature.
    expect(new URL(url).searchParams.get('sign')).toBe(dingtalkSign('SEC000test', 1_700_000_000_000));
  });
});

describe('Feishu signature', () => {
  it('is base64(HMAC-SHA256(key="timestamp\\nsecret", message=empty)) with the timestamp in seconds', () => {
    const secret = 'lark-secret';
    const timestamp = 1_763_700_000;
    const expected = createHmac('sha256', `${timestamp}\n${secret}`).digest('base64');
    expect(feishuSign(secret, timestamp)).toBe(expected);
    // Not the DingTalk construction (key and message swapped).
    expect(feishuSign(secret, timestamp)).not.toBe(
      createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64'),
    );
  });

  it('matches a fixed vector', () => {
    // hex=$(printf '1700000000\nfeishu-secret' | xxd -p | tr -d '\n')
    // printf '' | openssl dgst -sha256 -mac HMAC -macopt hexkey:$hex -binary | base64
    expect(feishuSign('feishu-secret', 1_700_000_000)).toBe('OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=');
  });
});

describe('webhook signature', () => {
  it('is sha256=<hex HMAC-SHA256 of the raw body>', () => {
    // printf '{"a":1}' | openssl dgst -sha256 -hmac 'whsec'
    expect(webhookSignature('whsec', '{"a":1}')).toBe(
      'sha256=19373ef0e8c66f206e49d251e4402291615bbce6ef00922e94a47a213fb76ee1',
    );
  });
});
