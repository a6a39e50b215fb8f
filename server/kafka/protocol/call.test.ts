import { describe, expect, it } from 'vitest';
import { bytes, requestBody, wire } from '../../../test/support/protocol-bytes.ts';
import { type ApiMessage, pickVersion, toProtocolCall } from './call.ts';
import { MalformedResponseError } from './codec.ts';

function echoMessage(flexible: boolean, apiKey = 60): ApiMessage<{ throttle: number; name: string }> {
  return {
    apiKey,
    apiName: 'Test',
    version: 3,
    flexible,
    write: (w) => {
      w.int32(42).string('k');
    },
    read: (r) => ({ throttle: r.int32(), name: r.string() }),
    throttleTimeMs: (result) => result.throttle,
  };
}

describe('toProtocolCall', () => {
  it('frames a flexible body with the request header v2 tagged fields and its own', async () => {
    expect(await requestBody(echoMessage(true))).toEqual(
      bytes(wire.tags(), wire.int32(42), wire.compactString('k'), wire.tags()),
    );
  });

  it('adds nothing around a non-flexible body', async () => {
    expect(await requestBody(echoMessage(false))).toEqual(bytes(wire.int32(42), wire.string('k')));
  });

  it('skips the response header v1 tagged fields, even non-empty ones, and reports throttling', async () => {
    const { request, response } = toProtocolCall(echoMessage(true));
    expect(request).toMatchObject({ apiKey: 60, apiVersion: 3, apiName: 'Test' });
    const raw = bytes(
      wire.tags([1, Buffer.from([9])]),
      wire.int32(250),
      wire.compactString('ok'),
      wire.tags(),
    );
    const decoded = await response.decode(raw);
    expect(decoded.clientSideThrottleTime).toBe(250);
    expect(await response.parse(decoded)).toEqual({ throttle: 250, name: 'ok' });
  });

  it('reads ApiVersions with response header v0 even when flexible', async () => {
    const { response } = toProtocolCall(echoMessage(true, 18));
    const decoded = await response.decode(bytes(wire.int32(0), wire.compactString('x'), wire.tags()));
    expect(decoded.result).toEqual({ throttle: 0, name: 'x' });
  });

  it('names the API when a response does not match its schema', async () => {
    const { response } = toProtocolCall(echoMessage(false));
    await expect(response.decode(wire.int16(1))).rejects.toThrow(MalformedResponseError);
    await expect(response.decode(bytes(wire.int32(0), wire.string('a'), wire.int8(0)))).rejects.toThrow(
      /Test v3: 1 bytes left over/,
    );
  });
});

describe('pickVersion', () => {
  const versions = new Map([
    [55, { minVersion: 0, maxVersion: 2 }],
    [9, { minVersion: 1, maxVersion: 7 }],
    [35, { minVersion: 1, maxVersion: 5 }],
  ]);

  it('takes the highest version both sides speak', () => {
    expect(pickVersion(versions, 55, { min: 0, max: 1 })).toBe(1);
    expect(pickVersion(versions, 35, { min: 1, max: 4 })).toBe(4);
  });

  it('gives null for a missing API or no common version', () => {
    expect(pickVersion(versions, 60, { min: 0, max: 2 })).toBeNull();
    expect(pickVersion(versions, 9, { min: 8, max: 9 })).toBeNull();
    expect(pickVersion(new Map([[35, { minVersion: 5, maxVersion: 6 }]]), 35, { min: 1, max: 4 })).toBeNull();
  });
});
