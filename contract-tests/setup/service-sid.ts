import { listParameters } from '../../src/spec';

// Taken from the spec's own example for the path parameter, so tests follow the spec.
const example = (listParameters().get('ChatServiceSid') as { example?: unknown } | undefined)?.example;
if (typeof example !== 'string') throw new Error('the spec lost its ChatServiceSid example');
const serviceSid: string = example;
export default serviceSid;
