export { createConversationsClient } from './client';
export type { ClientOptions, ConversationPage, ConversationsClient, IterateParams } from './client';
export type { ListParams } from './params';
export {
  ConversationsError,
  ConfigurationError,
  PaginationError,
  RequestValidationError,
  TwilioApiError,
} from './errors';
export { createSpecValidators, formatViolations } from './validate';
export type { Check, SpecValidators, Violation } from './validate';
export { spec } from './spec';
export type {
  Conversation,
  ConversationState,
  ConversationTimers,
  ListServiceConversationsResponse,
  Meta,
  TwilioError,
  components,
  operations,
  paths,
} from '../generated/conversations';
