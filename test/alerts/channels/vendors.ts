// Stand-ins for the DingTalk and Feishu robot endpoints that check each request exactly as the
// vendors document it, with their own code (nothing imported from alerts/), and answer with the
// vendors' error codes when a check fails.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Answer, Received } from './receivers.ts';

const ONE_HOUR_MS = 3_600_000;

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface DingTalkRobot {
  accessToken: string;
  /** Signature mode ("加签"). */
  secret?: string;
  /** Keyword mode ("自定义关键词"). */
  keyword?: string;
}

/**
 * DingTalk custom robot: POST /robot/send?access_token=…[&timestamp=…&sign=…].
 * sign = urlEncode(base64(HmacSHA256(key = secret, data = timestamp + "\n" + secret))), and the
 * timestamp (ms) must be within one hour of the server's time. Failures answer HTTP 200 with
 * errcode 310000 as the real service does.
 */
export function dingtalkRobot(robot: DingTalkRobot, now = Date.now): (r: Received) => Answer {
  return (request) => {
    const url = new URL(request.url, 'http://robot');
    if (url.pathname !== '/robot/send' || url.searchParams.get('access_token') !== robot.accessToken) {
      return { body: { errcode: 300001, errmsg: 'token is not exist' } };
    }
    if (robot.secret) {
      const timestamp = url.searchParams.get('timestamp') ?? '';
      // URLSearchParams has already done the URL-decoding of `sign`.
      const sign = url.searchParams.get('sign') ?? '';
      const expected = createHmac('sha256', robot.secret)
        .update(`${timestamp}\n${robot.secret}`)
        .digest('base64');
      const fresh = Math.abs(now() - Number(timestamp)) < ONE_HOUR_MS;
      if (!fresh || !sameText(sign, expected)) {
        return {
          body: {
            errcode: 310000,
            errmsg: 'sign not match, more: [https://ding-doc.dingtalk.com/doc#/serverapi2/qf2nxq]',
          },
        };
      }
    }
    const message = JSON.parse(request.body) as {
      msgtype?: string;
      markdown?: { title?: string; text?: string };
    };
    if (message.msgtype !== 'markdown' || !message.markdown?.title || !message.markdown.text) {
      return { body: { errcode: 40035, errmsg: 'missing parameter' } };
    }
    if (robot.keyword && !message.markdown.text.includes(robot.keyword)) {
      return { body: { errcode: 310000, errmsg: 'keywords not in content' } };
    }
    return { body: { errcode: 0, errmsg: 'ok' } };
  };
}

/**
 * Feishu custom bot: POST /open-apis/bot/v2/hook/<token>, body {timestamp, sign, msg_type, …}.
 * sign = base64(HmacSHA256(key = timestamp + "\n" + secret, data = "")), timestamp in seconds,
 * within one hour. Failures answer {code: 19021, msg: "sign match fail or timestamp is not within one hour from current time"}.
 */
export function feishuBot(token: string, secret: string, now = Date.now): (r: Received) => Answer {
  return (request) => {
    if (request.url !== `/open-apis/bot/v2/hook/${token}`) {
      return { body: { code: 19001, msg: 'param invalid: incoming webhook access token invalid' } };
    }
    const message = JSON.parse(request.body) as { timestamp?: string; sign?: string; msg_type?: string };
    const timestamp = message.timestamp ?? '';
    const expected = createHmac('sha256', `${timestamp}\n${secret}`).update(Buffer.alloc(0)).digest('base64');
    const fresh = Math.abs(now() / 1000 - Number(timestamp)) < ONE_HOUR_MS / 1000;
    if (!fresh || !sameText(message.sign ?? '', expected)) {
      return {
        body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' },
      };
    }
    if (!message.msg_type) return { body: { code: 19002, msg: 'params error, msg_type need' } };
    return { body: { code: 0, msg: 'success', data: {} } };
  };
}
