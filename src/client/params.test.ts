import { RequestValidationError } from './errors';
import { createParamEncoder } from './params';
import { createSpecValidators } from '../schema/validate';

const encode = createParamEncoder(createSpecValidators());
const sid = 'ISaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

function rejection(params: unknown): RequestValidationError {
  try {
    encode(params as never);
  } catch (e) {
    if (e instanceof RequestValidationError) return e;
    throw e;
  }
  throw new Error(`accepted ${JSON.stringify(params)}`);
}

describe('parameter encoding', () => {
  it('maps camelCase names to the wire names of the spec', () => {
    expect(encode({ chatServiceSid: sid, pageSize: 20, page: 1, pageToken: 'PT1', state: 'active' })).toEqual({
      path: { ChatServiceSid: sid },
      query: { PageSize: 20, Page: 1, PageToken: 'PT1', State: 'active' },
    });
  });

  it('leaves out parameters that are undefined', () => {
    expect(encode({ chatServiceSid: sid, pageSize: undefined })).toEqual({ path: { ChatServiceSid: sid }, query: {} });
  });

  it('sends dates as whole-second UTC, from a Date or an ISO string with an offset', () => {
    const { query } = encode({
      chatServiceSid: sid,
      startDate: new Date('2026-03-04T05:06:07.890Z'),
      endDate: '2026-03-04T23:59:59+01:00',
    });
    expect(query).toEqual({ StartDate: '2026-03-04T05:06:07Z', EndDate: '2026-03-04T22:59:59Z' });
  });

  it.each([
    ['ChatServiceSid', { chatServiceSid: '..' }, /must be "IS" followed by 32 hex digits/],
    [
      'ChatServiceSid',
      { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6c3/' },
      /must be "IS" followed by 32 hex digits/,
    ],
    [
      'ChatServiceSid',
      { chatServiceSid: 'CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4' },
      /must be "IS" followed by 32 hex digits/,
    ],
    ['ChatServiceSid', {}, /is required: must be "IS" followed by 32 hex digits/],
    [
      'ChatServiceSid',
      { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6%2F' },
      /must be "IS" followed by 32 hex digits/,
    ],
    [
      'ChatServiceSid',
      { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6c?x' },
      /must be "IS" followed by 32 hex digits/,
    ],
    [
      'ChatServiceSid',
      { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6c#x' },
      /must be "IS" followed by 32 hex digits/,
    ],
    [
      'ChatServiceSid',
      { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6c３６' },
      /must be "IS" followed by 32 hex digits/,
    ],
    [
      'ChatServiceSid',
      { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6cа6' },
      /must be "IS" followed by 32 hex digits/,
    ],
    ['PageSize', { chatServiceSid: sid, pageSize: 0 }, /^must be a whole number from 1 to 1000$/],
    ['PageSize', { chatServiceSid: sid, pageSize: 1001 }, /^must be a whole number from 1 to 1000$/],
    ['PageSize', { chatServiceSid: sid, pageSize: 2.5 }, /^must be a whole number from 1 to 1000$/],
    ['PageSize', { chatServiceSid: sid, pageSize: '10' }, /^must be a whole number from 1 to 1000$/],
    ['Page', { chatServiceSid: sid, page: -1 }, /^must be a whole number, 0 or more$/],
    ['State', { chatServiceSid: sid, state: 'initializing' }, /^must be one of inactive, active, closed$/],
    [
      'StartDate',
      { chatServiceSid: sid, startDate: 'yesterday' },
      /ISO 8601 date-time \(2026-01-31T09:30:00Z\) or date \(2026-01-31\)/,
    ],
    ['StartDate', { chatServiceSid: sid, startDate: '2026-02-30' }, /or date \(2026-01-31\)/],
    ['StartDate', { chatServiceSid: sid, startDate: new Date('nope') }, /valid Date/],
    ['EndDate', { chatServiceSid: sid, endDate: '2026-13-01T00:00:00Z' }, /or date \(2026-01-31\)/],
    ['pagesize', { chatServiceSid: sid, pagesize: 10 }, /not a parameter/],
  ])('rejects a bad %s, naming it and the rule', (parameter, params, rule) => {
    const error = rejection(params);
    expect(error.parameter).toBe(parameter);
    expect(error.rule).toMatch(rule);
    expect(error.message).toContain(parameter);
    expect(error.message).toContain('Nothing was sent');
    expect(error.rule).not.toMatch(/must NOT|minLength|maxLength|pattern "|\^/); // plain words, not the validator's
  });

  it('reads a bare date as a whole UTC day: StartDate from its first second, EndDate to its last', () => {
    const { query } = encode({ chatServiceSid: sid, startDate: '2026-01-01', endDate: '2026-01-31' });
    expect(query).toEqual({ StartDate: '2026-01-01T00:00:00Z', EndDate: '2026-01-31T23:59:59Z' });
  });

  it('shows the value and the rule in the message', () => {
    expect(rejection({ chatServiceSid: 'IS123' }).message).toBe(
      'ChatServiceSid "IS123" is invalid: must be "IS" followed by 32 hex digits. Nothing was sent.',
    );
  });
});
