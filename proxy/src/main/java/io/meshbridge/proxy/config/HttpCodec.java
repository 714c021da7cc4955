package io.meshbridge.proxy.config;

/** Which HTTP versions an HTTP listener speaks (HttpConnectionManager's {@code codec_type}). */
public enum HttpCodec {
  /** HTTP/2 when a connection starts with its preface (prior knowledge, h2c), else HTTP/1.1. */
  AUTO,
  /** HTTP/1.1 only. */
  HTTP1,
  /** HTTP/2 only (prior knowledge). */
  HTTP2
}
