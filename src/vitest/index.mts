/**
 * The contract matchers for vitest: importing this module (in `setupFiles`, or at the top of a test
 * file) registers them on vitest's `expect`, and teaches vitest's types `toBeValidConversationsPage`
 * and `toBeValidConversation`. ESM, as vitest is.
 * @example
 * // vitest.config.ts: test: { setupFiles: ['twilio-conversations-contract/vitest'] }
 * expect(body).toBeValidConversationsPage({ strict: true });
 */
import { expect } from 'vitest';
import jestEntry from '../jest/index.js';
import type { ConversationsMatchers } from '../jest/index.js';

expect.extend(jestEntry.matchers);

// vitest's own augmentation point: the interfaces gain the matchers' methods.
declare module 'vitest' {
  interface Assertion<T = any> extends ConversationsMatchers<T> {}
  interface AsymmetricMatchersContaining extends ConversationsMatchers<void> {}
}

export {};
