import { describe, expect, it } from 'vitest';
import {
  bytes,
  fakeBroker,
  hex,
  requestBody,
  respond,
  wire,
  withHeaderTags,
} from '../../../test/support/protocol-bytes.ts';
import { listGroupsMessage, listGroupsOn } from './list-groups.ts';

// Bodies serialized by Kafka 4.4.0's ListGroupsRequestData / ListGroupsResponseData: billing
// (consumer protocol, Stable), legacy (classic, Empty), shares (share group, Stable).
const REQUEST: Record<number, Buffer> = { 3: hex('00'), 4: hex('0100'), 5: hex('010100') };
const RESPONSE: Record<number, Buffer> = {
  0: hex(
    '000000000003000762696c6c696e670008636f6e73756d657200066c65676163790008636f6e73756d6572000673686172657300057368617265',
  ),
  1: hex(
    '00000000000000000003000762696c6c696e670008636f6e73756d657200066c65676163790008636f6e73756d6572000673686172657300057368617265',
  ),
  3: hex(
    '000000000000040862696c6c696e6709636f6e73756d657200076c656761637909636f6e73756d657200077368617265730673686172650000',
  ),
  4: hex(
    '000000000000040862696c6c696e6709636f6e73756d657207537461626c6500076c656761637909636f6e73756d657206456d707479000773686172657306736861726507537461626c650000',
  ),
  5: hex(
    '000000000000040862696c6c696e6709636f6e73756d657207537461626c6509636f6e73756d657200076c656761637909636f6e73756d657206456d70747908636c6173736963000773686172657306736861726507537461626c650673686172650000',
  ),
};

describe('ListGroups', () => {
  it('encodes empty state and type filters as Kafka does', async () => {
    for (const version of [0, 1, 2])
      expect(await requestBody(listGroupsMessage(version))).toEqual(Buffer.alloc(0));
    for (const version of [3, 4, 5])
      expect(await requestBody(listGroupsMessage(version))).toEqual(bytes(wire.tags(), REQUEST[version]!));
  });

  it('decodes type and state where the version has them, null where it does not', async () => {
    const v5 = await respond(listGroupsMessage(5), withHeaderTags(RESPONSE[5]!));
    expect(v5.groups).toEqual([
      { groupId: 'billing', protocolType: 'consumer', state: 'Stable', type: 'consumer' },
      { groupId: 'legacy', protocolType: 'consumer', state: 'Empty', type: 'classic' },
      { groupId: 'shares', protocolType: 'share', state: 'Stable', type: 'share' },
    ]);
    const v4 = await respond(listGroupsMessage(4), withHeaderTags(RESPONSE[4]!));
    expect(v4.groups.map((g) => [g.groupId, g.state, g.type])).toEqual([
      ['billing', 'Stable', null],
      ['legacy', 'Empty', null],
      ['shares', 'Stable', null],
    ]);
    const v3 = await respond(listGroupsMessage(3), withHeaderTags(RESPONSE[3]!));
    expect(v3.groups.map((g) => [g.groupId, g.state])).toEqual([
      ['billing', null],
      ['legacy', null],
      ['shares', null],
    ]);
    for (const version of [0, 1]) {
      const old = await respond(listGroupsMessage(version), RESPONSE[version]!);
      expect(old.groups.map((g) => g.groupId)).toEqual(['billing', 'legacy', 'shares']);
    }
  });

  it('speaks the highest version the broker has and fails on a group-level error', async () => {
    const kafka39 = fakeBroker({ versions: { 16: [0, 4] }, answer: () => withHeaderTags(RESPONSE[4]!) });
    expect((await listGroupsOn(kafka39)).map((g) => g.state)).toEqual(['Stable', 'Empty', 'Stable']);
    expect(kafka39.sent.map((s) => s.apiVersion)).toEqual([4]);
    const loading = fakeBroker({
      versions: { 16: [0, 5] },
      answer: () =>
        withHeaderTags(bytes(wire.int32(0), wire.int16(14), wire.compactArrayLength(0), wire.tags())),
    });
    await expect(listGroupsOn(loading)).rejects.toThrow(/COORDINATOR_LOAD_IN_PROGRESS/);
  });
});
