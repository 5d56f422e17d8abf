export { createConversationsClient } from './client/client';
export type {
  CallOptions,
  ClientOptions,
  ConversationPage,
  ConversationsClient,
  IterateParams,
  PageParams,
} from './client/types';
export type { HttpEvent, RetryEvent, RetryPolicy, Timing } from './client/retry';
export type { PaginationPolicy } from './client/paginate';
export type { ResponseContext, ValidationMode } from './client/response-check';
export type { ListParams } from './client/params';
export {
  ConversationsError,
  InputError,
  ConfigurationError,
  NetworkError,
  PaginationError,
  RequestValidationError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
  TwilioApiError,
} from './client/errors';
export { DEFAULT_MAX_RESPONSE_BYTES } from './client/limits';
export { DEFAULT_BUFFER_BYTES } from './client/shards';
export { createSpecValidators, formatViolations } from './schema/validate';
export type {
  Check,
  Compiled,
  ErrorLike,
  OpenApiDocument,
  RuntimeCompiler,
  RuntimeCompilerOptions,
  SpecValidators,
  ValidatorOptions,
  Violation,
} from './schema/validate';
export type { ClientTracing, ListingInfo, ListingMethod, ListingOutcome, ListingTrace } from './client/tracing';
export { spec } from './schema/spec';
export type { Conversation, Meta, RawClient } from './client/types';
export type {
  ConversationState,
  ConversationTimers,
  ListServiceConversationsResponse,
  TwilioError,
  components,
  operations,
  paths,
} from '../generated/conversations';
