import { RequestValidationError } from './errors';
import { createParamEncoder } from './params';
import { createSpecValidators } from './validate';

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
    const { query } = encode({ chatServiceSid: sid, startDate: new Date('2026-03-04T05:06:07.890Z'), endDate: '2026-03-04T23:59:59+01:00' });
    expect(query).toEqual({ StartDate: '2026-03-04T05:06:07Z', EndDate: '2026-03-04T22:59:59Z' });
  });

  it.each([
    ['ChatServiceSid', { chatServiceSid: '..' }, /minLength|pattern/],
    ['ChatServiceSid', { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6c3/' }, /pattern/],
    ['ChatServiceSid', { chatServiceSid: 'CHaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa4' }, /pattern/],
    ['ChatServiceSid', {}, /required/],
    ['ChatServiceSid', { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6%2F' }, /pattern/],
    ['ChatServiceSid', { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6c?x' }, /pattern/],
    ['ChatServiceSid', { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6c#x' }, /pattern/],
    ['ChatServiceSid', { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6c３６' }, /pattern/],
    ['ChatServiceSid', { chatServiceSid: 'IS6b254907ee7985a1d85571124b2c6cа6' }, /pattern/],
    ['PageSize', { chatServiceSid: sid, pageSize: 0 }, /minimum/],
    ['PageSize', { chatServiceSid: sid, pageSize: 1001 }, /maximum/],
    ['PageSize', { chatServiceSid: sid, pageSize: 2.5 }, /type/],
    ['PageSize', { chatServiceSid: sid, pageSize: '10' }, /type/],
    ['Page', { chatServiceSid: sid, page: -1 }, /minimum/],
    ['State', { chatServiceSid: sid, state: 'initializing' }, /enum/],
    ['StartDate', { chatServiceSid: sid, startDate: 'yesterday' }, /format/],
    ['StartDate', { chatServiceSid: sid, startDate: new Date('nope') }, /valid Date/],
    ['EndDate', { chatServiceSid: sid, endDate: '2026-13-01T00:00:00Z' }, /format/],
    ['pagesize', { chatServiceSid: sid, pagesize: 10 }, /not a parameter/],
  ])('rejects a bad %s, naming it and the rule', (parameter, params, rule) => {
    const error = rejection(params);
    expect(error.parameter).toBe(parameter);
    expect(error.rule).toMatch(rule);
    expect(error.message).toContain(parameter);
    expect(error.message).toContain('Nothing was sent');
  });
});
