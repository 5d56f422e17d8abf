import { exampleServiceSid } from '../../src/schema/spec';

// Taken from the spec's own example for the path parameter, so tests follow the spec.
const serviceSid: string = exampleServiceSid();
export default serviceSid;
