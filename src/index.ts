export { createConversationsClient } from './client';
export type {
  CallOptions,
  ClientOptions,
  ConversationPage,
  ConversationsClient,
  IterateParams,
  PageParams,
} from './client';
export type { HttpEvent, RetryEvent, RetryPolicy, Timing } from './retry';
export type { PaginationPolicy } from './paginate';
export type { ResponseContext, ValidationMode } from './response-check';
export type { ListParams } from './params';
export {
  ConversationsError,
  ConfigurationError,
  NetworkError,
  PaginationError,
  RequestValidationError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
  TwilioApiError,
} from './errors';
export { DEFAULT_MAX_RESPONSE_BYTES } from './limits';
export { createSpecValidators, formatViolations } from './validate';
export type { Check, SpecValidators, Violation } from './validate';
export { spec } from './spec';
export type { Conversation, Meta, RawClient } from './types';
export type {
  ConversationState,
  ConversationTimers,
  ListServiceConversationsResponse,
  TwilioError,
  components,
  operations,
  paths,
} from '../generated/conversations';
