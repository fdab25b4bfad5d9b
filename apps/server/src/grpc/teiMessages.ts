// The tei.v1 messages as @grpc/proto-loader gives and takes them (see loadTeiProto.ts: field names as in the
// .proto, enums as strings, unset fields undefined, 64-bit integers as numbers).

export type TeiTruncationDirection = 'TRUNCATION_DIRECTION_RIGHT' | 'TRUNCATION_DIRECTION_LEFT';

export interface TeiEmbedRequest {
  inputs?: string;
  truncate?: boolean;
  normalize?: boolean;
  truncation_direction?: TeiTruncationDirection;
  prompt_name?: string;
  dimensions?: number;
}

export interface TeiMetadata {
  compute_chars: number;
  compute_tokens: number;
  total_time_ns: number;
  tokenization_time_ns: number;
  queue_time_ns: number;
  inference_time_ns: number;
}

export interface TeiEmbedResponse {
  embeddings: number[];
  metadata: TeiMetadata;
}

export interface TeiEncodeRequest {
  inputs?: string;
  add_special_tokens?: boolean;
  prompt_name?: string;
}

export interface TeiSimpleToken {
  id: number;
  text: string;
  special: boolean;
}

export interface TeiEncodeResponse {
  tokens: TeiSimpleToken[];
}

export interface TeiDecodeRequest {
  ids?: number[];
  skip_special_tokens?: boolean;
}

export interface TeiDecodeResponse {
  text: string;
}

export interface TeiInfoResponse {
  version: string;
  model_id: string;
  model_dtype: string;
  model_type: 'MODEL_TYPE_EMBEDDING';
  max_concurrent_requests: number;
  max_input_length: number;
  max_batch_tokens: number;
  max_batch_requests: number;
  max_client_batch_size: number;
  tokenization_workers: number;
}
